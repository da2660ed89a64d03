/** @module Series colours readable on both the light and the dark surface (mid-tone, checked against both). */

export const chartColors = {
  blue: '#3b82f6',
  amber: '#d97706',
  green: '#16a34a',
  red: '#dc2626',
  violet: '#8b5cf6',
  teal: '#0d9488',
} as const;
