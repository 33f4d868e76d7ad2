import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/**
 * Catches a render error below it and shows it with a way out, instead of a blank
 * window. `resetKey` changing (e.g. the route) clears the error.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Render error', error, info.componentStack);
  }

  override componentDidUpdate(prev: { resetKey?: string }): void {
    if (this.state.error && prev.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="error-box" role="alert">
        <p className="error-title">This screen failed to render.</p>
        <p>
          <code>{this.state.error.message}</code>
        </p>
        <p>
          <button type="button" className="btn btn-small" onClick={() => this.setState({ error: null })}>
            Try again
          </button>{' '}
          <button type="button" className="btn btn-small" onClick={() => window.location.reload()}>
            Reload the console
          </button>
        </p>
      </div>
    );
  }
}
