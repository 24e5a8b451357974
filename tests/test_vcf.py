"balsel.vcf beyond the notebook: atomic writes, write_vcf refusals, bgzip-style and CRLF files, unsorted records."
import gzip

import numpy as np
import pytest
import tskit

from balsel.scenario import course_scenario
from balsel.simulate import simulate
from balsel.vcf import read_sample_table, vcf_to_tree_sequence, write_vcf

HEADER = ('##fileformat=VCFv4.2\n##contig=<ID=1,length=100>\n##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
          '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\n')
AB = {"A": 0.0, "B": 0.0}


def records(*rows):
    "'CHROM POS REF ALT GT-of-A GT-of-B' rows -> VCF record lines."
    return "".join("{}\t{}\t.\t{}\t{}\t.\tPASS\t.\tGT\t{}\t{}\n".format(*r.split()) for r in rows)


def read(path, **kw):
    return vcf_to_tree_sequence(path, **{"samples": AB, "sequence_length": 100, "centre": 50, **kw})


@pytest.fixture(scope="module")
def locus():
    return simulate(course_scenario(0.005, scaling_factor=20), seed=1).ts


def test_write_is_atomic(tmp_path, locus, monkeypatch):
    path = tmp_path / "locus.vcf"
    path.write_text("old")
    def broken(self, f, **kw):
        f.write("##fileformat=VCFv4.2\n1\t")
        raise RuntimeError("disk full")
    monkeypatch.setattr(tskit.TreeSequence, "write_vcf", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        write_vcf(locus, path)
    assert path.read_text() == "old"                                     # the old file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locus.vcf"]   # no samples table, no temporary file


def test_write_refusals(tmp_path, locus):
    tables = locus.dump_tables()
    tables.sites.add_row(0, "0"); tables.sort()
    with pytest.raises(ValueError, match="site at position 0, which a VCF cannot hold .*pass offset=1"):
        write_vcf(tables.tree_sequence(), tmp_path / "x.vcf")
    vcf, table = write_vcf(tables.tree_sequence(), tmp_path / "x.vcf", offset=1)
    assert vcf.exists() and table.name == "x.samples.csv"
    tables = locus.dump_tables()
    tables.sites.add_row(10.5, "0"); tables.sort()
    with pytest.raises(ValueError, match="non-integer positions"):
        write_vcf(tables.tree_sequence(), tmp_path / "y.vcf")
    tables = locus.dump_tables()
    tables.nodes.individual = np.full(tables.nodes.num_rows, -1, np.int32)
    with pytest.raises(ValueError, match="sample nodes outside any individual"):
        write_vcf(tables.tree_sequence(), tmp_path / "y.vcf")
    with pytest.raises(ValueError, match="ts must be a tskit.TreeSequence"):
        write_vcf("locus.trees", tmp_path / "y.vcf")
    assert not (tmp_path / "y.vcf").exists()


def test_gzip_members_and_crlf(tmp_path):
    text = HEADER + records("1 10 A T 0|1 1|1", "1 60 C G 0|0 1|0")
    half = len(HEADER) + 20
    (tmp_path / "multi.vcf.gz").write_bytes(gzip.compress(text[:half].encode()) + gzip.compress(text[half:].encode()))  # as bgzip's blocks
    (tmp_path / "crlf.vcf").write_bytes(text.replace("\n", "\r\n").encode())
    for name in ("multi.vcf.gz", "crlf.vcf"):
        ts = read(tmp_path / name)
        assert ts.sites_position.tolist() == [10, 60]
        assert ts.genotype_matrix().tolist() == [[0, 1, 1, 1], [0, 0, 1, 0]]


def test_sample_order_and_ages(tmp_path):
    (tmp_path / "v.vcf").write_text(HEADER + records("1 10 A T 0|1 1|1"))
    ts = read(tmp_path / "v.vcf", samples={"B": 290.0, "A": 0.0}, generation_time=29)
    assert ts.genotype_matrix().tolist() == [[1, 1, 0, 1]]               # the samples table's order: B, then A
    assert ts.nodes_time[ts.samples()].tolist() == [10.0, 10.0, 0.0, 0.0]
    assert ts.metadata["balsel"]["generation_time"] == 29.0


def test_unsorted_records_are_read_to_the_end(tmp_path):
    (tmp_path / "u.vcf").write_text(HEADER + records("1 60 A T 0|1 1|1", "1 10 A T 0|1 0|0", "1 500 A T 0|1 0|0", "1 20 A T 1|1 0|0"))
    assert read(tmp_path / "u.vcf").sites_position.tolist() == [10, 20, 60]


def test_unphased_and_region_prefix(tmp_path):
    text = HEADER.replace("ID=1,", "ID=chr1,") + records("chr1 10 A T 0/1 1/1", "chr1 20 A T 1/0 0/0")
    (tmp_path / "p.vcf").write_text(text)
    ts = read(tmp_path / "p.vcf", region="1:5-30")
    assert ts.metadata["balsel"]["unphased_het_calls"] == 2
    assert ts.metadata["balsel"]["chrom"] == "chr1"
    assert read(tmp_path / "p.vcf", region="1:5-15").sites_position.tolist() == [10]


def test_sample_table_round_trip(tmp_path, locus):
    _, table = write_vcf(locus, tmp_path / "l.vcf.gz")
    ages = read_sample_table(table)
    assert list(ages) == [f"tsk_{i}" for i in range(locus.num_individuals)]
    assert table.name == "l.samples.csv"
