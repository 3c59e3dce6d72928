// A PEM text field that also accepts a file (upload or drop): certificates, private keys, CA bundles.
// The file is read in the browser only; its text becomes the field's value.
import ControlGroup from '@splunk/react-ui/ControlGroup';
import File from '@splunk/react-ui/File';
import TextArea from '@splunk/react-ui/TextArea';
import { useState } from 'react';

export interface PemFieldProps {
  label: string;
  help: string;
  value: string;
  error?: string;
  disabled?: boolean;
  testId: string;
  onChange(value: string): void;
}

export function PemField({ label, help, value, error, disabled, testId, onChange }: PemFieldProps) {
  const [fileName, setFileName] = useState<string>();
  const [readError, setReadError] = useState<string>();
  const add = (files: globalThis.File[]) => {
    const file = files[0];
    if (!file) return;
    if (file.size > 1024 * 1024) {
      setReadError(`${file.name} is larger than 1 MB: that is not a PEM certificate or key.`);
      return;
    }
    void file.text().then(
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
    <ControlGroup label={label} help={help} error={shown ?? false} labelPosition="top" controlsLayout="stack" data-test={testId}>
      <TextArea
        value={value}
        rowsMin={4}
        rowsMax={10}
        spellCheck={false}
        autoComplete="off"
        error={Boolean(shown)}
        disabled={disabled}
        onChange={(_e, { value: v }) => {
          setFileName(undefined);
          onChange(v);
        }}
        data-test={`${testId}-text`}
      />
      {!disabled && (
        <File onRequestAdd={add} onRequestRemove={() => (setFileName(undefined), onChange(''))} accept=".pem,.crt,.cer,.key,.txt" data-test={`${testId}-file`}>
          {fileName && <File.Item name={fileName} />}
        </File>
      )}
    </ControlGroup>
  );
}
