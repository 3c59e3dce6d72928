// "Delete X?" with the reason it cannot be done (e.g. inputs still use the account) shown in the dialog.
import Button from '@splunk/react-ui/Button';
import Modal from '@splunk/react-ui/Modal';
import P from '@splunk/react-ui/Paragraph';
import { type MutableRefObject, type ReactNode, useState } from 'react';
import { ErrorNotice, errorText } from './layout';

export interface ConfirmDeleteProps {
  title: string;
  body: ReactNode;
  returnFocus: MutableRefObject<HTMLElement | null>;
  onConfirm(): Promise<void>;
  onClose(): void;
}

export function ConfirmDelete({ title, body, returnFocus, onConfirm, onClose }: ConfirmDeleteProps) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <Modal open onRequestClose={() => !busy && onClose()} returnFocus={returnFocus} style={{ width: 560 }} data-test="confirm-delete">
      <Modal.Header title={title} />
      <Modal.Body>
        <ErrorNotice error={error} testId="delete-error" />
        <P>{body}</P>
      </Modal.Body>
      <Modal.Footer>
        <Button appearance="secondary" label="Cancel" onClick={onClose} disabled={busy} />
        <Button appearance="destructive" label={busy ? 'Deleting…' : 'Delete'} onClick={() => void confirm()} data-test="confirm-delete-button" />
      </Modal.Footer>
    </Modal>
  );
}
