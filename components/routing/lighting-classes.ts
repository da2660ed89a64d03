/** @module How a node looks on, off, or without a tested route. */
import type { Lighting } from './flow-elements';

export const nodeLighting: Record<Lighting, string> = {
  plain: 'border-line',
  lit: 'border-accent ring-2 ring-accent',
  dim: 'border-line opacity-35',
};
