'use client';
/** @module The alarm banner under the header: while /health names problems (memory over its watermark, a store that cannot write), every page says so. */
import { useHealth } from '@/components/layout/use-health';

export function HealthBanner() {
  const { viewer, health } = useHealth();
  const problems = health?.problems ?? [];
  if (!viewer || problems.length === 0) return null;
  return (
    <div role="alert" aria-labelledby="health-banner-title" className="border-b border-danger-line bg-danger-surface text-danger">
      <div className="mx-auto flex max-w-7xl items-start gap-3 px-4 py-2 text-sm">
        <svg aria-hidden="true" viewBox="0 0 24 24" className="mt-0.5 size-4 shrink-0" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M12 3 2 21h20L12 3z" />
          <path d="M12 10v5M12 18v.5" />
        </svg>
        <div>
          <p id="health-banner-title" className="font-semibold">
            Switchboard is degraded
          </p>
          <ul className="list-disc pl-5">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
