import type { ReactNode } from 'react';

/** Shown where a list or panel has nothing yet: what is missing and, if any, what to do. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}

/** A polite loading indicator. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** An error message announced to screen readers. */
export function ErrorMessage({ title, children }: { title?: string; children?: ReactNode }) {
  return (
    <div className="error-box" role="alert">
      {title ? <p className="error-title">{title}</p> : null}
      {children}
    </div>
  );
}
