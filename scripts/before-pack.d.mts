export default function beforePack(context: { electronPlatformName: string; arch: number }): Promise<void>;
