/** The approvals inbox. */
export function ApprovalsScreen() {
  return (
    <div className="page-header">
      <h1>Approvals</h1>
    </div>
  );
}
