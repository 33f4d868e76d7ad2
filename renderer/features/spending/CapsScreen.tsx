/** Spend caps and band policies. */
export function CapsScreen() {
  return (
    <div className="page-header">
      <h1>Caps and bands</h1>
    </div>
  );
}
