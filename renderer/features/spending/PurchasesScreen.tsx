/** The purchase requests board. */
export function PurchasesScreen() {
  return (
    <div className="page-header">
      <h1>Purchases</h1>
    </div>
  );
}
