/** Upload progress as a percentage; `value` null means the size is not known yet. */
export function percent(loaded: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((loaded / total) * 100)));
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  return (
    <div className="progress">
      <label>
        <span>{label}</span>
        <progress data-upload-progress max={100} value={value}>
          {value}%
        </progress>
      </label>
      <span className="progress-value" aria-hidden="true">
        {value}%
      </span>
    </div>
  );
}
