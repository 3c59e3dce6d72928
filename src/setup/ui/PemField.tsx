// A PEM text field that also takes a file ("Upload file…"): certificates, private keys, CA bundles.
// The file is read in the browser only; its text becomes the field's value.
import Button from '@splunk/react-ui/Button';
import ControlGroup from '@splunk/react-ui/ControlGroup';
import TextArea from '@splunk/react-ui/TextArea';
import { type ChangeEvent, useRef, useState } from 'react';

export interface PemFieldProps {
  label: string;
  help: string;
  value: string;
  error?: string;
  disabled?: boolean;
  testId: string;
  onChange(value: string): void;
}

const MAX_FILE_BYTES = 1024 * 1024;

export function PemField({ label, help, value, error, disabled, testId, onChange }: PemFieldProps) {
  const [fileName, setFileName] = useState<string>();
  const [readError, setReadError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const add = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // the same file can be chosen again
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setReadError(`${file.name} is larger than 1 MB: that is not a PEM certificate or key.`);
      return;
    }
    file.text().then(
      (text) => {
        setReadError(undefined);
        setFileName(file.name);
        onChange(text);
      },
      () => setReadError(`${file.name} could not be read.`),
    );
  };
  const shown = error ?? readError;
  return (
    <div data-test={testId}>
      <ControlGroup label={label} help={fileName ? `${help} Read from ${fileName}.` : help} error={shown ?? false} labelPosition="top" controlsLayout="stack">
        <TextArea
          value={value}
          rowsMin={4}
          rowsMax={8}
          spellCheck={false}
          autoComplete="off"
          error={Boolean(shown)}
          disabled={disabled}
          onChange={(_e, { value: v }) => {
            setFileName(undefined);
            onChange(v);
          }}
        />
        {!disabled && (
          <div>
            <Button appearance="secondary" label="Upload file…" aria-label={`Upload ${label} from a file`} onClick={() => input.current?.click()} />
            <input ref={input} type="file" accept=".pem,.crt,.cer,.key,.txt" onChange={add} aria-label={`${label} file`} style={{ display: 'none' }} />
          </div>
        )}
      </ControlGroup>
    </div>
  );
}
