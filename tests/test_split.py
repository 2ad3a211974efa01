"""Several split tasks give every shard the same records, in the same order, as one would."""

from __future__ import annotations

import pyarrow as pa
from dump_factory import bad_dump, good_dump

from pipeline.config import load_settings
from pipeline.readers import list_dump, split_listing
from pipeline.shards import REJECTS_FILE, read_shard, shard_file, split_dump
from pipeline.storage import Storage

SHARDS = 3


def split_into(dump: Storage, root: Storage, parts: int) -> list[Storage]:
    outs = []
    for part, share in enumerate(split_listing(list_dump(dump), parts)):
        out = root.child(f"part-{part}")
        out.makedirs()
        split_dump(dump, out, SHARDS, load_settings(), share)
        outs.append(out)
    return outs


def test_shards_and_rejects_do_not_depend_on_the_number_of_split_tasks(tmp_path):
    good_dump(tmp_path / "dump")
    bad_dump(tmp_path / "dump" / "bad")
    dump = Storage(str(tmp_path / "dump"))
    one = split_into(dump, Storage(str(tmp_path / "one")), 1)
    four = split_into(dump, Storage(str(tmp_path / "four")), 4)
    for index in range(SHARDS):
        records = [[r.doc_id for r in read_shard(outs, shard_file(index), 64)]
                   for outs in (one, four)]
        assert records[0] == records[1]
    rejects = [pa.concat_tables([out.read_table(REJECTS_FILE) for out in outs])
               for outs in (one, four)]
    assert rejects[0].num_rows > 0
    assert rejects[0].equals(rejects[1])
