from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.article import Article
from pipeline.errors import BinaryContent, DropItem, EmptyRecord, OversizedRecord
from pipeline.stages.decode import Decode, decode_bytes

FRENCH = ("Le ministre a déclaré mercredi que la réforme des retraites serait présentée "
          "à l’Assemblée nationale avant l’été, malgré l’opposition des syndicats.")
RUSSIAN = ("Министр иностранных дел заявил в среду, что переговоры продолжатся на следующей "
           "неделе, несмотря на разногласия между сторонами.")
PNG_LIKE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def decode(raw: bytes, **fields: str) -> Article:
    item = Article(doc_id="0" * 16, source="x.txt", raw=raw, fields=dict(fields))
    return Decode(max_record_bytes=10_000).process_item(item)


def test_utf8_is_decoded_as_is():
    item = decode(FRENCH.encode("utf-8"))
    assert item.decoded == FRENCH
    assert item.fixes == []


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks_are_honoured_and_removed(encoding):
    item = decode(FRENCH.encode(encoding))
    assert item.decoded == FRENCH


def test_utf16_without_its_bom_is_still_text_not_binary():
    raw = codecs.BOM_UTF16_LE + (FRENCH * 3).encode("utf-16-le")
    assert decode(raw).decoded == FRENCH * 3


@pytest.mark.parametrize(("text", "encoding"), [(FRENCH, "cp1252"), (RUSSIAN, "cp1251")])
def test_legacy_encodings_are_detected(text, encoding):
    item = decode(text.replace("’", "'").encode(encoding))
    assert item.decoded == text.replace("’", "'")
    assert item.fixes and item.fixes[0].startswith("decoded_from:")


def test_a_declared_charset_wins_over_detection():
    greek = "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία."
    item = decode(greek.encode("iso-8859-7"), charset="iso-8859-7")
    assert item.decoded == greek


def test_a_wrong_declared_charset_falls_back_to_utf8():
    item = decode(FRENCH.encode("utf-8"), charset="no-such-charset")
    assert item.decoded == FRENCH


def test_empty_record_is_rejected():
    with pytest.raises(EmptyRecord):
        decode(b"")


def test_oversized_record_is_rejected_with_its_size():
    with pytest.raises(OversizedRecord, match="10001 bytes"):
        decode(b"a" * 10_001)


def test_binary_file_is_rejected():
    with pytest.raises(BinaryContent, match="control bytes"):
        decode(PNG_LIKE)


@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_drop_with_a_reason(raw):
    try:
        text, encoding = decode_bytes(raw)
    except DropItem as drop:
        assert drop.reason in {"binary_content", "undecodable"}
    else:
        assert isinstance(text, str)
        assert encoding


def html_item(raw: bytes, **fields: str) -> Article:
    item = Article(doc_id="0" * 16, source="x.html", raw=raw, fields=dict(fields), media="html")
    return Decode(max_record_bytes=100_000).process_item(item)


def test_a_page_meta_charset_is_honoured():
    page = f'<html><head><meta charset="windows-1251"></head><body>{RUSSIAN}</body></html>'
    assert RUSSIAN in html_item(page.encode("cp1251")).decoded


def test_an_xml_declaration_is_honoured():
    page = '<?xml version="1.0" encoding="iso-8859-7"?><html><body>Η κυβέρνηση</body></html>'
    assert "Η κυβέρνηση" in html_item(page.encode("iso-8859-7")).decoded


def test_the_http_charset_wins_over_the_meta_tag():
    page = f'<html><head><meta charset="utf-8"></head><body>{RUSSIAN}</body></html>'
    item = html_item(page.encode("koi8-r"), charset="koi8-r")
    assert RUSSIAN in item.decoded


def test_utf8_bytes_declared_as_latin1_are_read_as_utf8():
    page = f'<html><head><meta charset="iso-8859-1"></head><body>{FRENCH}</body></html>'
    item = html_item(page.encode("utf-8"))
    assert FRENCH in item.decoded
    assert item.encoding == "utf-8"


def test_latin1_declaration_means_windows_1252_as_in_browsers():
    page = '<html><head><meta charset="iso-8859-1"></head><body>“quoted” café</body></html>'
    assert "“quoted” café" in html_item(page.encode("cp1252")).decoded


def test_a_feed_items_text_needs_no_decoding():
    item = Article(doc_id="0" * 16, source="f.jsonl#L1", raw=b'{"text": "x"}', content="Body.")
    assert Decode(max_record_bytes=10).process_item(item).decoded == "Body."


def test_a_feed_item_without_text_is_rejected():
    item = Article(doc_id="0" * 16, source="f.jsonl#L1", raw=b"{}", content="  ")
    with pytest.raises(DropItem, match="no text"):
        Decode(max_record_bytes=10).process_item(item)


def test_high_bytes_that_only_decode_as_gibberish_are_undecodable():
    with pytest.raises(DropItem) as info:
        decode(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 60)
    assert info.value.reason == "undecodable"


@pytest.mark.parametrize(("text", "encoding"), [
    ("国务卿星期二抵达黑海度假胜地，与俄罗斯外长就军备控制举行会谈。" * 3, "gbk"),
    ("日本語のテキストです。これはテストの文章です。" * 4, "shift_jis"),
    ("안녕하세요 이것은 한국어 문장입니다 테스트를 위한 문장 " * 3, "cp949"),
])
def test_asian_legacy_encodings_are_plausible_text(text, encoding):
    assert decode(text.encode(encoding)).decoded == text
