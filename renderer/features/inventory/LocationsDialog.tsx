/**
 * Managing locations, a flat list (DOMAIN.md "Inventory and forecasts"): add one
 * (`inventory.createLocation`) and archive an empty one (`inventory.archiveLocation`; the
 * engine refuses while it still holds stock, and says so).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { TextField } from '../../ui/Field';
import { EmptyState, ErrorMessage, Loading } from '../../ui/States';
import { useAppStore } from '../../store/context';
import { FailureNotice } from '../dispatch/FailureNotice';
import { useActionForm } from '../dispatch/useActionForm';
import { inventorySelectors } from './slice';

/** The locations dialog. */
export function LocationsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  if (!open) return null;
  return <LocationsBody onClose={onClose} />;
}

function LocationsBody({ onClose }: { onClose: () => void }) {
  const { locations, status, error, load } = useAppStore(
    useShallow((s) => ({ locations: inventorySelectors.locations(s), status: s.locations.status, error: s.locations.error, load: s.loadLocations })),
  );
  useEffect(() => {
    void load();
  }, [load]);
  const [name, setName] = useState('');
  const create = useActionForm('inventory.createLocation', () => setName(''));
  const archive = useActionForm('inventory.archiveLocation');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    archive.reset();
    void create.submit({ name });
  };

  return (
    <Dialog open onClose={onClose} title="Locations">
      <form className="form" onSubmit={submit} noValidate aria-label="Add location">
        <div className="form-row">
          <TextField label="New location" name="name" value={name} onChange={(e) => setName(e.target.value)} error={create.fieldErrors.name} hint="Pantry, garage, shop floor …" autoComplete="off" maxLength={64} />
          <Button type="submit" variant="primary" busy={create.busy}>
            Add location
          </Button>
        </div>
        <FailureNotice failure={create.failure} shownFields={['name']} />
      </form>
      <FailureNotice failure={archive.failure} />
      {status === 'loading' ? <Loading label="Loading locations…" /> : null}
      {status === 'error' ? <ErrorMessage title="Locations could not be loaded">{error}</ErrorMessage> : null}
      {status === 'ready' && locations.length === 0 ? <EmptyState title="No locations yet">Items without a location are simply “in stock”.</EmptyState> : null}
      {locations.length > 0 ? (
        <ul className="location-list" aria-label="Locations">
          {locations.map((l) => (
            <li key={l.id}>
              <span>{l.name}</span>
              <Button
                small
                variant="ghost"
                busy={archive.busy}
                onClick={() => {
                  create.reset();
                  void archive.submit({ id: l.id });
                }}
                aria-label={`Archive ${l.name}`}
              >
                Archive
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </Dialog>
  );
}
