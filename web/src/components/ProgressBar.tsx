export function ProgressBar({ value, label }: { value: number; label: string }) {
  return (
    <div className="progress">
      <label>
        <span>{label}</span>
        <progress data-upload-progress max={100} value={value} />
      </label>
      <span className="progress-value" aria-hidden="true">
        {value}%
      </span>
    </div>
  );
}
