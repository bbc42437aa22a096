/**
 * Where the streamed CSV files go while a run goes (issue 15): the event log and the availability
 * recorder hand each finished record to a `TextSink` instead of keeping every row until the end.
 *
 * The simulation is synchronous, so the file sink writes synchronously too (`fs.writeSync`),
 * in chunks of about a megabyte: a write stream's callbacks would only run after the run, holding
 * the whole file in memory meanwhile.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** Receives text in order; `close` ends it (nothing may be written after). */
export interface TextSink {
  write(text: string): void;
  close(): void;
}

/** Bytes buffered before a write to the file. */
export const CHUNK_BYTES = 1 << 20;

/** A file written through a ~1 MB buffer with synchronous writes. */
export class FileSink implements TextSink {
  private fd: number;
  private readonly buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  /** Bytes written so far (flushed or buffered). */
  bytes = 0;

  /** Creates (or truncates) `path`. */
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8: flush first when the text might not fit,
    // so that `buf.write` never truncates.
    const worst = text.length * 3;
    if (this.used + worst > CHUNK_BYTES) this.flush();
    if (worst > CHUNK_BYTES) {
      const big = Buffer.from(text, 'utf8');
      for (let off = 0; off < big.length; ) off += writeSync(this.fd, big, off, big.length - off);
      this.bytes += big.length;
      return;
    }
    const n = this.buf.write(text, this.used, 'utf8');
    this.used += n;
    this.bytes += n;
  }

  /** Writes the buffered bytes to the file. */
  flush(): void {
    let off = 0;
    while (off < this.used) off += writeSync(this.fd, this.buf, off, this.used - off);
    this.used = 0;
  }

  close(): void {
    if (this.fd < 0) return;
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
  }
}

/** Collects the text in memory (tests, and comparing streamed bytes with the in-memory serialization). */
export class StringSink implements TextSink {
  private readonly parts: string[] = [];
  closed = false;

  write(text: string): void {
    if (this.closed) throw new Error('StringSink: write after close');
    this.parts.push(text);
  }

  close(): void {
    this.closed = true;
  }

  /** Everything written so far. */
  text(): string {
    return this.parts.join('');
  }
}
