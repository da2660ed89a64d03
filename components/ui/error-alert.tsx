/** @module Shows a failed call: the API's own message, and its field issues when it gave some. */
import { errorIssues } from '@/lib/client/error-issues';

export interface ErrorAlertProps {
  error: unknown;
  /** Prefix that says what failed, e.g. "Could not declare the queue". */
  title?: string;
}

export function ErrorAlert({ error, title }: ErrorAlertProps) {
  const message = error instanceof Error && error.message ? error.message : 'Something went wrong.';
  const issues = errorIssues(error);
  return (
    <div role="alert" className="rounded-md border border-danger-line bg-danger-surface px-3 py-2 text-sm text-danger">
      <p>
        {title ? <span className="font-semibold">{title}: </span> : null}
        {message}
      </p>
      {issues.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {issues.map((issue, index) => (
            <li key={index}>{issue}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
