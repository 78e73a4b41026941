// Reads a zip archive (a VSIX is one) from its central directory: the list of entries, and the bytes
// of one entry. Only what vsce writes is supported (stored or deflated entries, no zip64, no
// encryption); anything else is an error naming what was found, so a strange archive cannot pass
// unnoticed.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

export class ZipArchive {
  readonly entries: ZipEntry[];

  constructor(
    readonly file: string,
    readonly bytes: Buffer = readFileSync(file),
  ) {
    this.entries = this.readCentralDirectory();
  }

  private readCentralDirectory(): ZipEntry[] {
    const buf = this.bytes;
    // The end record sits in the last 22 bytes plus a comment of at most 65535 bytes.
    let end = -1;
    for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
      if (buf.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new Error(`${this.file}: no end of central directory record (not a zip file?)`);
    const count = buf.readUInt16LE(end + 10);
    const offset = buf.readUInt32LE(end + 16);
    if (count === 0xffff || offset === 0xffffffff) throw new Error(`${this.file}: zip64 archives are not supported`);

    const entries: ZipEntry[] = [];
    let at = offset;
    for (let n = 0; n < count; n++) {
      if (buf.readUInt32LE(at) !== CENTRAL_FILE_HEADER) throw new Error(`${this.file}: bad central directory entry ${n} at byte ${at}`);
      const flags = buf.readUInt16LE(at + 8);
      const method = buf.readUInt16LE(at + 10);
      const compressedSize = buf.readUInt32LE(at + 20);
      const size = buf.readUInt32LE(at + 24);
      const nameLength = buf.readUInt16LE(at + 28);
      const extraLength = buf.readUInt16LE(at + 30);
      const commentLength = buf.readUInt16LE(at + 32);
      const localHeaderOffset = buf.readUInt32LE(at + 42);
      const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
      if (flags & 0x1) throw new Error(`${this.file}: entry ${name} is encrypted`);
      entries.push({ name, method, compressedSize, size, localHeaderOffset });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }

  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /** The uncompressed bytes of `name`. */
  read(name: string): Buffer {
    const entry = this.entries.find((e) => e.name === name);
    if (!entry) throw new Error(`${this.file} has no entry ${name}`);
    const buf = this.bytes;
    const at = entry.localHeaderOffset;
    if (buf.readUInt32LE(at) !== LOCAL_FILE_HEADER) throw new Error(`${this.file}: bad local header for ${name}`);
    // The local header's own name and extra lengths, which may differ from the central copy.
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    const raw = buf.subarray(start, start + entry.compressedSize);
    let data: Buffer;
    if (entry.method === 0) data = Buffer.from(raw);
    else if (entry.method === 8) data = inflateRawSync(raw);
    else throw new Error(`${this.file}: entry ${name} uses compression method ${entry.method}`);
    if (data.length !== entry.size) throw new Error(`${this.file}: ${name} is ${data.length} bytes, the directory says ${entry.size}`);
    return data;
  }

  readText(name: string): string {
    return this.read(name).toString('utf8');
  }
}
