/**
 * The eight operator roles of DOMAIN.md ("Operators and roles", the seeds' "8 role boundaries").
 * Order matters only for display: most privileged first.
 */
export const ROLES = ['owner', 'admin', 'approver', 'bookkeeper', 'buyer', 'staff', 'auditor', 'guest'] as const;

export type Role = (typeof ROLES)[number];

/** What each role is for, shown beside the permission matrix in the console. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: 'Everything, including releasing the kill switch and go-live.',
  admin: 'Runs the console: operators, band, go-live; cannot release the kill switch.',
  approver: 'Decides approvals requested by others.',
  bookkeeper: 'Receipts, ledger and reconciliation.',
  buyer: 'Shopping and purchases within caps.',
  staff: 'Day-to-day stock moves and alerts.',
  auditor: 'Reads everything and exports; changes nothing.',
  guest: 'Sees the ops board only.',
};
