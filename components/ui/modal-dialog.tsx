/** @module A modal on the native <dialog>: focus stays inside, Escape closes it; its content exists only while open. */
'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface ModalDialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Wider for the binding dialog's examples. */
  wide?: boolean;
}

export function ModalDialog({ open, title, onClose, children, wide }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={`m-auto ${wide ? 'w-[min(40rem,calc(100vw-2rem))]' : 'w-[min(28rem,calc(100vw-2rem))]'} max-h-[calc(100dvh-2rem)] overflow-y-auto rounded-lg border border-line bg-surface p-5 text-ink shadow-xl backdrop:bg-black/50`}
    >
      <h2 id={titleId} className="mb-3 text-base font-semibold break-all">
        {title}
      </h2>
      {open ? children : null}
    </dialog>
  );
}
