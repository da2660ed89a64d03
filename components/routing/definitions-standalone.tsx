/** @module The definitions panel on its own page: after an import, every cached list is refetched. */
'use client';

import { useQueryClient } from '@tanstack/react-query';
import { RefusalNote } from '@/components/ui/gated-button';
import { useViewer } from '@/components/viewer/viewer-provider';
import { DefinitionsPanel } from './definitions-panel';

export function DefinitionsStandalone() {
  const queryClient = useQueryClient();
  const mayExport = useViewer().pages.exportDefinitions;
  if (!mayExport.allowed) return <RefusalNote decision={mayExport} />;
  return <DefinitionsPanel scope="node" onImported={() => void queryClient.invalidateQueries()} />;
}
