/** Line-buffered writer: each complete line goes out once, with the prefix; flush() emits a trailing partial line. */
export interface LinePrefixer {
  push(chunk: Buffer | string): void;
  flush(): void;
}

export function createLinePrefixer(prefix: string, write: (text: string) => void): LinePrefixer {
  let pending = '';
  const emit = (line: string): void => write(`${prefix}${line.replace(/\r$/, '')}\n`);
  return {
    push(chunk) {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) emit(line);
    },
    flush() {
      if (pending !== '') emit(pending);
      pending = '';
    },
  };
}
