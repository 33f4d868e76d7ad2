import type { HTMLAttributes } from 'react';

/** Colour of a badge: `ok` green, `warn` yellow, `bad` red, `info` blue, `neutral` grey. */
export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  tone?: Tone;
}

/** A small coloured label. The text itself must carry the meaning; colour only repeats it. */
export function Badge({ tone = 'neutral', className, children, ...rest }: BadgeProps) {
  return (
    <span className={['badge', `badge-${tone}`, className ?? ''].filter(Boolean).join(' ')} {...rest}>
      {children}
    </span>
  );
}
