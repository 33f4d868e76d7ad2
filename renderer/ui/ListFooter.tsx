import { Button } from './Button';

interface ListFooterProps {
  shown: number;
  /** Whether a further page exists (`nextCursor` is set). */
  canLoadMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** What the end of the list is called ("end of list", "end of log"). */
  endLabel: string;
  error: string | null | undefined;
}

/** The footer of a cursor-paged list: how many are shown, "Load more", and a paging error. */
export function ListFooter({ shown, canLoadMore, loadingMore, onLoadMore, endLabel, error }: ListFooterProps) {
  return (
    <div className="list-footer">
      <span>
        {shown} shown{canLoadMore ? '' : ` · ${endLabel}`}
      </span>
      {canLoadMore ? (
        <Button small busy={loadingMore} onClick={onLoadMore}>
          Load more
        </Button>
      ) : null}
      {error ? <span role="alert">{error}</span> : null}
    </div>
  );
}
