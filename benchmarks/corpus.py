"""A reproducible synthetic news corpus for the benchmarks: mixed Arabic and English, ~3 KB documents.

Documents are assembled from three kinds of sentences, so that the extractor does the work it does on
real articles (hits, boundaries, prefixes, context checks, ambiguous words in their ordinary sense):

* sentences of the project's own sample articles (``data/samples/articles.jsonl``), as written;
* news-like templates filled with the gazetteer's own names (every spelling, Arabic prefixes);
* filler sentences with no site, built from a news vocabulary.

The mix gives about 2.5 site mentions per KB, between the seed article's density (~2/KB) and that of
the sample articles (~4/KB), which were written to be dense.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

from geotrack.gazetteer import Gazetteer

AR_FILLER = (
    "قالت مصادر محلية إن الوضع الأمني لا يزال متوترا في ظل غياب أي تسوية سياسية شاملة بين الأطراف "
    "وأضاف المسؤول أن الحكومة تعمل على تحسين الخدمات الأساسية للمواطنين في المدن والقرى "
    "وأشار التقرير إلى ارتفاع أسعار الوقود والسلع الغذائية خلال الأسابيع الماضية بشكل ملحوظ "
    "وتحدث شهود عن تحركات لآليات عسكرية وشاحنات محملة بالمعدات على الطريق الصحراوي "
    "وأكد مراقبون أن المرحلة المقبلة ستشهد مزيدا من التنافس الإقليمي والدولي على النفوذ "
    "وتعطل النظام الرئيسي لشبكة الاتصالات ساعات عدة قبل أن يعود إلى العمل مساء أمس"
).split()
EN_FILLER = (
    "officials said the security situation remained tense amid the absence of a political settlement "
    "analysts noted that fuel and food prices rose sharply over the past weeks across the country "
    "witnesses described convoys of military vehicles and trucks moving along the desert road at night "
    "the report added that regional and international rivalry over influence is likely to intensify "
    "a spokesman for the ministry declined to comment on the claims when contacted by phone on Tuesday "
    "the parliament debated the bill while new measures were discussed by the committee in the capital"
).split()
#: Whole sentences where a site name is an ordinary word or another place (a few per hundred sentences).
AR_DISTRACTORS = (
    "وتعطل الخادم الرئيسي لشبكة المصرف ساعات عدة قبل أن يعود إلى العمل.",
    "وسرت شائعات عن قرب الإعلان عن اتفاق جديد لتقاسم عائدات النفط.",
    "وشهدت طرابلس اللبنانية احتجاجات على غلاء المعيشة في شمال لبنان.",
)
EN_DISTRACTORS = (
    "The Lok Sabha debated the bill while climate mitigation measures were discussed in Delhi.",
    "Attila the Hun is still a byword for destruction, the columnist wrote.",
    "Clashes in Tripoli, in northern Lebanon, left two people wounded.",
)
DISTRACTOR_RATE = 0.03
AR_TEMPLATES = (
    "وذكرت مصادر أن طائرات شحن روسية هبطت في {a} قادمة من قاعدة حميميم.",
    "وتشمل القواعد الأخرى {a}، {b}، و{c}.",
    "ونقلت قوات إلى {a} خلال الأسبوع الماضي، بحسب صور أقمار صناعية.",
    "وتقع {a} على بعد مئات الكيلومترات من {b}.",
    "وقال سكان في {a} إن أعمال توسعة المدرج مستمرة.",
)
EN_TEMPLATES = (
    "Satellite images show cargo aircraft parked at {a} air base last week.",
    "Russian personnel moved between {a}, {b} and {c}, according to flight-tracking data.",
    "Residents of {a} reported convoys heading towards {b}.",
    "The deployment at {a} followed a visit by officials to {b}.",
    "Local sources in {a} said construction work had resumed.",
)
#: Share of sentences that name sites: ~6 mentions per 3 KB, the density of a news story about bases.
NAME_SENTENCE_RATE = 0.06
AR_PREFIXES = ("", "", "", "و", "ب", "ل", "وب")


def _names(gazetteer: Gazetteer) -> tuple[list[str], list[str]]:
    ar: list[str] = []
    en: list[str] = []
    for site in gazetteer.sites(layer="curated"):
        for v in (site.name_ar, site.name_en, *site.variants):
            (ar if any("\u0600" <= c <= "\u06ff" for c in v) else en).append(v)
    return sorted(set(ar)), sorted(set(en))


SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples" / "articles.jsonl"
#: Share of sentences taken from the sample articles.
SAMPLE_SENTENCE_RATE = 0.3


def _sample_sentences() -> tuple[list[str], list[str]]:
    ar: list[str] = []
    en: list[str] = []
    if not SAMPLES.exists():
        return ar, en
    for line in SAMPLES.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        target = ar if doc.get("lang") == "ar" else en if doc.get("lang") == "en" else None
        if target is not None:
            target.extend(s.strip() for s in re.split(r"(?<=[.!?؟])\s+", doc["text"]) if len(s.strip()) > 20)
    return ar, en


def generate(gazetteer: Gazetteer, total_bytes: int, doc_bytes: int = 3000, seed: int = 7) -> Iterator[str]:
    """Yield documents of about ``doc_bytes`` UTF-8 bytes until ``total_bytes`` have been produced."""
    rng = random.Random(seed)
    ar_names, en_names = _names(gazetteer)
    ar_samples, en_samples = _sample_sentences()
    produced = 0
    n = 0
    while produced < total_bytes:
        arabic = n % 2 == 0
        parts: list[str] = []
        size = 0
        while size < doc_bytes:
            samples = ar_samples if arabic else en_samples
            roll = rng.random()
            if samples and roll < SAMPLE_SENTENCE_RATE:
                sent = rng.choice(samples)
            elif roll < SAMPLE_SENTENCE_RATE + NAME_SENTENCE_RATE:
                names = [rng.choice(ar_names if arabic else en_names) for _ in range(3)]
                if arabic:
                    names = [n2 if n2.startswith("ال") else rng.choice(AR_PREFIXES) + n2 for n2 in names]
                    sent = rng.choice(AR_TEMPLATES).format(a=names[0], b=names[1], c=names[2])
                else:
                    sent = rng.choice(EN_TEMPLATES).format(a=names[0], b=names[1], c=names[2])
            elif roll < SAMPLE_SENTENCE_RATE + NAME_SENTENCE_RATE + DISTRACTOR_RATE:
                sent = rng.choice(AR_DISTRACTORS if arabic else EN_DISTRACTORS)
            else:
                words = rng.choices(AR_FILLER if arabic else EN_FILLER, k=rng.randint(10, 24))
                sent = " ".join(words) + "."
            parts.append(sent)
            size += len(sent.encode("utf-8")) + 1
            if rng.random() < 0.15:
                parts.append("\n\n")
        doc = " ".join(parts)
        produced += len(doc.encode("utf-8"))
        n += 1
        yield doc
