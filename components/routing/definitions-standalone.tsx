/** @module The definitions panel on its own page: after an import, every cached list is refetched. */
'use client';

import { useQueryClient } from '@tanstack/react-query';
import { DefinitionsPanel } from './definitions-panel';

export function DefinitionsStandalone() {
  const queryClient = useQueryClient();
  return <DefinitionsPanel onImported={() => void queryClient.invalidateQueries()} />;
}
