"""What a power cut leaves of a directory, replayed from the journal powerloss.c writes.

The model is the one POSIX promises and ext4 keeps, no more:
  - a file's bytes are on disk as of its last fsync/fdatasync (what was journaled before
    the flush began); later writes and truncations are lost;
  - a name (a create, rename or unlink) is on disk once the directory was fsynced after it;
  - the last write not covered by a flush may be torn: a random prefix of it reached the
    disk (or none of it), as a cut in the middle of a page write would leave.

`DiskModel(files)` starts from the directory as it was when the process started (all of it
on disk); `replay(journal)` reads the journal; `crash_image(rng)` is what the disk holds.
"""

from __future__ import annotations

import random
import shutil
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

HEADER = struct.Struct("<cQQI")


@dataclass
class _Inode:
    # Durable bytes, and the data operations not yet covered by a flush: (record index, op).
    durable: bytearray
    pending: List[Tuple[int, tuple]] = field(default_factory=list)


class DiskModel:
    def __init__(self, files: Dict[str, bytes]):
        self._next_inode = 0
        self._inodes: Dict[int, _Inode] = {}
        self._volatile: Dict[str, int] = {}
        self._durable_names: Dict[str, int] = {}
        # Namespace operations not yet covered by a directory flush: (record index, op).
        self._pending_names: List[Tuple[int, tuple]] = []
        self.records = 0
        self.flushes = 0
        for path, data in files.items():
            inode = self._new_inode(bytearray(data))
            self._volatile[path] = inode
            self._durable_names[path] = inode

    @staticmethod
    def read_directory(directory: Path) -> Dict[str, bytes]:
        """Every regular file in `directory` by absolute path: the state at a process start."""
        return {str(p.resolve()): p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}

    def _new_inode(self, data: bytearray) -> int:
        self._next_inode += 1
        self._inodes[self._next_inode] = _Inode(durable=data)
        return self._next_inode

    def replay(self, journal: Path) -> None:
        data = journal.read_bytes() if journal.exists() else b""
        offset = 0
        while offset + HEADER.size <= len(data):
            op, a, b, path_length = HEADER.unpack_from(data, offset)
            offset += HEADER.size
            path = data[offset:offset + path_length].decode()
            offset += path_length
            if offset + 4 > len(data):
                break  # the process was killed while journaling: the call had not happened yet
            (length,) = struct.unpack_from("<I", data, offset)
            offset += 4
            payload = data[offset:offset + length]
            if len(payload) < length:
                break
            offset += length
            self._apply(self.records, op.decode(), a, path, payload)
            self.records += 1

    def _apply(self, index: int, op: str, a: int, path: str, payload: bytes) -> None:
        if op == "C":
            if path not in self._volatile:
                inode = self._new_inode(bytearray())
                self._volatile[path] = inode
                self._pending_names.append((index, ("link", path, inode)))
            if a:
                self._inodes[self._volatile[path]].pending.append((index, ("truncate", 0)))
        elif op == "W":
            if path in self._volatile:
                self._inodes[self._volatile[path]].pending.append((index, ("write", a, payload)))
        elif op == "T":
            if path in self._volatile:
                self._inodes[self._volatile[path]].pending.append((index, ("truncate", a)))
        elif op == "S":
            if path in self._volatile:
                self._settle(self._inodes[self._volatile[path]], covered=a)
                self.flushes += 1
        elif op == "D":
            still = []
            for entry in self._pending_names:
                if entry[0] < a:
                    self._settle_name(entry[1])
                else:
                    still.append(entry)
            self._pending_names = still
            self.flushes += 1
        elif op == "R":
            target = payload.decode()
            inode = self._volatile.pop(path, None)
            if inode is not None:
                self._volatile[target] = inode
                self._pending_names.append((index, ("rename", path, target, inode)))
        elif op == "U":
            if self._volatile.pop(path, None) is not None:
                self._pending_names.append((index, ("unlink", path)))
        else:
            raise ValueError(f"journal record {index}: unknown operation {op!r}")

    @staticmethod
    def _apply_data(content: bytearray, operation: tuple) -> None:
        if operation[0] == "write":
            _, offset, payload = operation
            if len(content) < offset:
                content.extend(b"\0" * (offset - len(content)))
            content[offset:offset + len(payload)] = payload
        else:
            del content[operation[1]:]

    def _settle(self, inode: _Inode, covered: int) -> None:
        still = []
        for index, operation in inode.pending:
            if index < covered:
                self._apply_data(inode.durable, operation)
            else:
                still.append((index, operation))
        inode.pending = still

    def _settle_name(self, operation: tuple) -> None:
        if operation[0] == "link":
            self._durable_names[operation[1]] = operation[2]
        elif operation[0] == "rename":
            _, source, target, inode = operation
            if self._durable_names.get(source) == inode:
                del self._durable_names[source]
            self._durable_names[target] = inode
        else:
            self._durable_names.pop(operation[1], None)

    def unflushed_writes(self) -> int:
        """Data operations the process made that no flush covered: what a power cut drops."""
        return sum(len(inode.pending) for inode in self._inodes.values())

    def crash_image(self, rng: random.Random, tear: bool = True) -> Dict[str, bytes]:
        """The files a power cut leaves: durable bytes under durable names, the newest
        unflushed write to a durable file torn at a random length (possibly 0) when `tear`."""
        image = {path: bytearray(self._inodes[inode].durable) for path, inode in self._durable_names.items()}
        if tear:
            newest: Optional[Tuple[int, str, tuple]] = None
            for path, inode in self._durable_names.items():
                for index, operation in self._inodes[inode].pending:
                    if operation[0] == "write" and (newest is None or index > newest[0]):
                        newest = (index, path, operation)
            if newest is not None:
                _, path, (_, offset, payload) = newest
                cut = rng.randint(0, len(payload))
                self._apply_data(image[path], ("write", offset, payload[:cut]))
        return {path: bytes(content) for path, content in image.items()}

    @staticmethod
    def write_image(directory: Path, image: Dict[str, bytes]) -> None:
        """Replaces `directory`'s contents with `image` (what the disk holds after the cut)."""
        shutil.rmtree(directory)
        directory.mkdir(parents=True)
        for path, data in image.items():
            target = Path(path)
            assert target.parent == directory.resolve(), f"{path} is outside {directory}"
            target.write_bytes(data)
