/**
 * Whether a file lives on a local disk filesystem, whose reads of bytes
 * already in the page cache never wait on a network or a user-space daemon
 * (see docs/reference/following.md, "Notifications and polling"). Linux only
 * (statfs's f_type); anywhere else, and for anything unknown, the answer is
 * no, and reads stay asynchronous.
 */
import { statfs } from 'node:fs/promises';

/** statfs f_type magic numbers of Linux's local disk and memory filesystems. */
const LOCAL_TYPES = new Set([
  0xef53, // ext2, ext3, ext4
  0x58465342, // xfs
  0x9123683e, // btrfs
  0xf2f52010, // f2fs
  0x2fc12fc1, // zfs
  0x3153464a, // jfs
  0x52654973, // reiserfs
  0x01021994, // tmpfs
  0x858458f6, // ramfs
  0x794c7630, // overlayfs (containers)
]);

/** True when `path` is on a local filesystem (Linux); false on error or elsewhere. */
export async function onLocalFilesystem(path: string): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  try {
    return LOCAL_TYPES.has((await statfs(path)).type);
  } catch {
    return false;
  }
}
