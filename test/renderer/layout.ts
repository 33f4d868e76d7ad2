/**
 * jsdom has no layout: every element is 0 px tall, so a virtualised table would show no row.
 * `withScrollAreaHeight(px)`, called at the top of a file or a `describe`, gives the data
 * tables' scroll areas (`.vtable-scroll`) a height for its tests, as a window of that height
 * would, and puts jsdom's own `clientHeight` back afterwards.
 */
import { afterAll, beforeAll } from 'vitest';

export function withScrollAreaHeight(px: number): void {
  const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('vtable-scroll') ? px : 0;
      },
    });
  });
  afterAll(() => {
    // jsdom defines it on Element.prototype; ours only shadowed it
    if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
    else Reflect.deleteProperty(HTMLElement.prototype, 'clientHeight');
  });
}
