import { describe, expect, it } from 'vitest';
import { smoothPath } from './edge-path';

describe('smoothPath', () => {
  it('starts at the source, ends at the target, and passes through every bend', () => {
    const { path } = smoothPath({ x: 0, y: 0 }, [{ x: 200, y: 100 }, { x: 400, y: 100 }], { x: 600, y: 0 });
    expect(path.startsWith('M0,0 C')).toBe(true);
    expect(path.endsWith(' 600,0')).toBe(true);
    // One cubic segment per gap between points: source, stub, 2 bends, stub, target.
    expect(path.match(/C/g)).toHaveLength(5);
    expect(path).toContain(' 200,100 C');
    expect(path).toContain(' 400,100 C');
  });

  it('puts the label on the middle bend, clear of the nodes the edge goes around', () => {
    expect(smoothPath({ x: 0, y: 0 }, [{ x: 200, y: 90 }, { x: 300, y: 95 }, { x: 400, y: 100 }], { x: 600, y: 0 })).toMatchObject({ labelX: 300, labelY: 95 });
    expect(smoothPath({ x: 0, y: 0 }, [{ x: 200, y: 90 }, { x: 400, y: 100 }], { x: 600, y: 0 })).toMatchObject({ labelX: 200, labelY: 90 });
  });

  it('is a plain curve from end to end with no bends', () => {
    expect(smoothPath({ x: 0, y: 0 }, [], { x: 100, y: 50 })).toMatchObject({ labelX: 50, labelY: 25 });
  });
});
