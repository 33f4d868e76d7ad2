/**
 * Operators: the profiles, a form to add one (`operators.create`), and the role × call
 * permission matrix (`permissions.matrix`) with what each role is for.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ROLES, ROLE_DESCRIPTIONS, type Role } from '../../../shared/domain/roles';
import { Badge } from '../../ui/Badge';
import { TableWrap } from '../../ui/TableWrap';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Form, SelectField, TextField } from '../../ui/Field';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { formatInstant } from '../../ui/format';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { governanceSelectors } from '../governance/slice';
import { operatorsSelectors } from './slice';

/** The operators screen. */
export function OperatorsScreen() {
  const { loadOperators, loadMatrix } = useAppStore(useShallow((s) => ({ loadOperators: s.loadOperators, loadMatrix: s.loadMatrix })));
  useEffect(() => {
    void loadOperators();
    void loadMatrix();
  }, [loadOperators, loadMatrix]);
  return (
    <>
      <div className="page-header">
        <h1>Operators</h1>
        <p>Local profiles; every decision names the operator who caused it.</p>
      </div>
      <div className="grid grid-2">
        <OperatorList />
        <CreateOperatorForm />
      </div>
      <PermissionMatrix />
    </>
  );
}

function OperatorList() {
  const { operators, current, timeZone } = useAppStore(
    useShallow((s) => ({ operators: s.operators, current: governanceSelectors.currentOperator(s), timeZone: governanceSelectors.timeZone(s) })),
  );
  return (
    <Card title="Profiles" className="card-flush">
      {operators.status === 'error' ? <ErrorMessage title="Operators could not be loaded">{operators.error}</ErrorMessage> : null}
      {!operators.data && operators.status !== 'error' ? <Loading /> : null}
      {operators.data && operators.data.length === 0 ? <EmptyState title="No operators yet" /> : null}
      {operators.data && operators.data.length > 0 ? (
        <TableWrap label="Operators">
          <table className="table" aria-label="Operators">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">PIN</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {operators.data.map((o) => (
                <tr key={o.id}>
                  <td>
                    {o.name} {o.id === current?.id ? <Badge tone="info">current</Badge> : null}
                  </td>
                  <td>{o.role}</td>
                  <td>{o.hasPin ? 'yes' : 'no'}</td>
                  <td>{formatInstant(o.createdAt, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </Card>
  );
}

function CreateOperatorForm() {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [pin, setPin] = useState('');
  const form = useActionForm('operators.create', () => {
    setName('');
    setPin('');
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit({ name, role, ...(pin ? { pin } : {}) });
  };
  return (
    <Card title="Add an operator">
      <Form className="form" onSubmit={submit} aria-label="Add an operator">
        <TextField label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={form.fieldErrors.name} autoComplete="off" maxLength={80} />
        <SelectField
          label="Role"
          name="role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          options={ROLES.map((r) => ({ value: r, label: r }))}
          hint={ROLE_DESCRIPTIONS[role]}
          error={form.fieldErrors.role}
        />
        <TextField
          label="PIN (optional)"
          name="pin"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          value={pin}
          onChange={(e) => setPin(e.target.value)}
          hint="4 to 12 digits; asked when switching to this operator."
          error={form.fieldErrors.pin}
        />
        <FailureNotice failure={form.failure} shownFields={['name', 'role', 'pin']} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={form.busy}>
            Add operator
          </Button>
        </div>
      </Form>
    </Card>
  );
}

function PermissionMatrix() {
  const matrix = useAppStore((s) => s.matrix);
  const rows = operatorsSelectors.matrixRows(matrix.data);
  const roles = matrix.data?.roles ?? [];
  return (
    <Card title="Permission matrix" className="card-flush">
      <div className="card-section">
        <ul className="role-list" aria-label="Roles">
          {ROLES.map((r) => (
            <li key={r}>
              <strong>{r}</strong>
              <span className="muted">{ROLE_DESCRIPTIONS[r]}</span>
            </li>
          ))}
        </ul>
      </div>
      {matrix.status === 'error' ? <ErrorMessage title="The permission matrix could not be loaded">{matrix.error}</ErrorMessage> : null}
      {!matrix.data && matrix.status !== 'error' ? <Loading /> : null}
      {matrix.data ? (
        <TableWrap label="Permission matrix">
          <table className="table" aria-label="Permission matrix">
            <thead>
              <tr>
                <th scope="col">Call</th>
                <th scope="col">Kind</th>
                {roles.map((r) => (
                  <th scope="col" key={r} className="center">
                    {r}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.kind}:${row.name}`}>
                  <th scope="row" title={row.summary}>
                    <code>{row.name}</code>
                  </th>
                  <td>
                    {row.kind === 'query' ? 'query' : row.execClass}
                    {row.exempt ? (
                      <>
                        {' '}
                        <Badge tone="info" title="Runs even while execution is off or the kill switch is engaged">
                          exempt
                        </Badge>
                      </>
                    ) : null}
                  </td>
                  {roles.map((r) => (
                    <td key={r} className="center">
                      {row.allowed[r] ? (
                        <span className="yes">
                          <span aria-hidden="true">✓</span>
                          <span className="visually-hidden">allowed</span>
                        </span>
                      ) : (
                        <span className="no">
                          <span aria-hidden="true">—</span>
                          <span className="visually-hidden">not allowed</span>
                        </span>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </Card>
  );
}
