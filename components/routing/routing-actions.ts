/** @module What an edge's label can ask the routing page to do, passed by context so edge data stays plain. */
'use client';

import { createContext, useContext } from 'react';

export interface RoutingActions {
  /** Opens the binding behind an edge, to edit or delete it. */
  openEdge: (edgeId: string) => void;
}

export const RoutingActionsContext = createContext<RoutingActions>({ openEdge: () => {} });

export const useRoutingActions = () => useContext(RoutingActionsContext);
