"""Write a realistic synthetic archive of N entries into a content folder.

    python benchmarks/make_corpus.py 10000 /tmp/corpus-10000 [--seed 1]

The corpus is valid for ``defections check`` and deterministic for a given
``--seed`` (same bytes every run). Proportions: about 50% people, 10% units,
20% events and 20% sources. It exercises every part of the content model:
ranks in English, Arabic and abbreviated forms, positions, relatives,
defections of every status, a unit hierarchy on both sides, events with
participants and units, sources cited several times each, aliases and
Arabic names, every date form (2012, 2012-07, 2012-07-03, ~, ?, %,
intervals, bare years), claims with asserted_by/denied_by and notes, and
bodies with ``[[id]]`` links and ``[@source, para N]`` citations.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

FOLDERS = {"person": "people", "unit": "units", "event": "events", "source": "sources"}
SHARES = {"unit": 0.10, "event": 0.20, "source": 0.20}  # people take the rest

FIRST = [("Mohammed", "محمد", "Muhammad"), ("Ahmad", "أحمد", "Ahmed"), ("Hussein", "حسين", "Hussain"), ("Ali", "علي", "Aly"),
         ("Khaled", "خالد", "Khalid"), ("Omar", "عمر", "Umar"), ("Mahmoud", "محمود", "Mahmud"), ("Yousef", "يوسف", "Youssef"),
         ("Abdel Razzak", "عبد الرزاق", "Abdulrazaq"), ("Mustafa", "مصطفى", "Mostafa"), ("Hassan", "حسن", "Hasan"),
         ("Ibrahim", "إبراهيم", "Ebrahim"), ("Riad", "رياض", "Riyad"), ("Samir", "سمير", "Sameer"), ("Fares", "فارس", "Faris"),
         ("Nizar", "نزار", "Nezar"), ("Walid", "وليد", "Waleed"), ("Ziad", "زياد", "Ziyad"), ("Adnan", "عدنان", "Adnane"),
         ("Suhair", "سهير", "Souhair"), ("Rima", "ريما", "Reema"), ("Nahed", "ناهد", "Nahid"), ("Bassel", "باسل", "Basel"),
         ("Tarek", "طارق", "Tariq"), ("Jamil", "جميل", "Jameel"), ("Kamal", "كمال", "Kamel"), ("Munir", "منير", "Mounir")]
FAMILY = [("al-Sheikh", "الشيخ", "Sheikh"), ("Tlass", "طلاس", "Tlas"), ("al-Omari", "العمري", "Omari"), ("Bakkour", "بكور", "Bakour"),
          ("al-Hamade", "الحمادة", "Hamadeh"), ("Khalouf", "خلوف", "Khaluf"), ("al-Atassi", "الأتاسي", "Atassi"),
          ("Ghazali", "غزالي", "Ghazaleh"), ("al-Nashar", "النشار", "Nashar"), ("Hijab", "حجاب", "Hejab"), ("Sayda", "سيدا", "Seyda"),
          ("al-Zoubi", "الزعبي", "Zoubi"), ("Haddad", "حداد", "Hadad"), ("al-Khatib", "الخطيب", "Khatib"), ("Qassem", "قاسم", "Kassem"),
          ("Darwish", "درويش", "Derwish"), ("al-Masri", "المصري", "Masri"), ("Sabbagh", "صباغ", "Sabbag"), ("al-Halabi", "الحلبي", "Halabi"),
          ("Mansour", "منصور", "Mansur"), ("al-Hariri", "الحريري", "Hariri"), ("Jaber", "جابر", "Jabir"), ("Nasrallah", "نصر الله", "Nasrala")]
RANKS = [("Major General", "لواء", ["Maj. Gen.", "MG"]), ("Brigadier General", "عميد", ["Brig. Gen.", "Brigadier", "BG"]),
         ("Colonel", "عقيد", ["Col.", "Col"]), ("Lieutenant Colonel", "مقدم", ["Lt. Col.", "LTC"]), ("Major", "رائد", ["Maj."]),
         ("Captain", "نقيب", ["Capt.", "Cpt."]), ("First Lieutenant", "ملازم أول", ["1st Lt."]), ("Lieutenant", "ملازم", ["Lt.", "2nd Lt."]),
         ("Chief Warrant Officer", "مساعد أول", ["CWO"]), ("Warrant Officer", "مساعد", ["WO"]), ("Sergeant", "رقيب", ["Sgt."]),
         ("Staff Sergeant", "رقيب أول", ["SSgt"]), ("Corporal", "عريف", ["Cpl."]), ("Private", "جندي", ["Pvt.", "Soldier"]),
         ("General", "عماد", ["Lt. Gen."]), ("Colonel General", "عماد أول", ["Col. Gen."])]
RANK_WEIGHTS = [3, 6, 8, 7, 7, 8, 6, 6, 3, 3, 5, 3, 4, 8, 1, 1]
CATEGORIES = ["military", "military", "military", "security", "police", "political", "diplomatic", "judicial", "civilian"]
PLACES = ["Homs", "Rastan", "Daraa", "Idlib", "Hama", "Aleppo", "Damascus", "Deir ez-Zor", "Latakia", "Qarfa", "Jisr al-Shughur",
          "Douma", "Zabadani", "Tal Kalakh", "Raqqa", "Bab Amr", "Saraqib", "Maarat al-Numan"]
DESTINATIONS = ["Turkey", "Jordan", "Paris", "Amman", "Antakya", "Beirut", "the Apaydin camp in Hatay", "Doha", "Dubai", "unknown"]
GOV_KINDS = [("Division", "army"), ("Brigade", "army"), ("Battalion", "army"), ("Air Base", "air-force"), ("Squadron", "air-force"),
             ("Intelligence Branch", "intelligence"), ("Security Branch", "security"), ("Police Directorate", "police"),
             ("Air Defence Regiment", "air-defence"), ("Special Forces Regiment", "special-forces"), ("Naval Detachment", "navy")]
OPP_KINDS = [("Battalion", "armed-opposition"), ("Brigade", "armed-opposition"), ("Military Council", "armed-opposition"),
             ("Local Coordination Committee", "political"), ("Media Office", "media")]
OTHER_KINDS = [("Tribal Council", "other"), ("Relief Committee", "other"), ("Ministry Office", "ministry")]
UNIT_AR = {"Division": "الفرقة", "Brigade": "اللواء", "Battalion": "كتيبة", "Air Base": "مطار", "Squadron": "السرب",
           "Intelligence Branch": "فرع المخابرات", "Security Branch": "فرع الأمن", "Police Directorate": "قيادة الشرطة",
           "Military Council": "المجلس العسكري", "Air Defence Regiment": "فوج الدفاع الجوي", "Special Forces Regiment": "فوج القوات الخاصة"}
HONORIFICS = ["Khalid ibn al-Walid", "Omar al-Mukhtar", "Salah al-Din", "Saif al-Din", "Farouk", "al-Qadisiyya", "Hamza", "Abu Bakr",
              "al-Tawhid", "al-Haq", "Ahrar", "al-Fajr"]
PUBLISHERS = [("Agence France-Presse", "AFP"), ("Asharq Al-Awsat", None), ("The Daily Telegraph", None), ("Reuters", "Reuters"),
              ("Al Jazeera English", None), ("BBC News", None), ("The Guardian", "Associated Press"), ("Syrian Observatory for Human Rights", None),
              ("Human Rights Watch", None), ("Enab Baladi", None), ("Orient News", None), ("Zaman al-Wasl", None), ("Al-Akhbar", None)]
SOURCE_KINDS = ["article", "article", "article", "report", "video", "statement", "interview", "social-media"]
TITLES = ["{who} defects to the opposition", "Officers flee to {place} as defections mount", "Syrian {rank} announces defection in video",
          "Regime denies defection of {who}", "Fighting near {place} after soldiers defect", "Defections rise in {place} province",
          "Report: {who} seen in {place}", "Activists say army unit defected in {place}", "Interview with a defector from {place}"]
EVENT_KINDS = ["defection", "defection", "defection", "mass-defection", "defection-claim", "denial", "attack", "announcement", "other"]
STATUSES = ["confirmed", "confirmed", "unconfirmed", "unconfirmed", "disputed", "denied"]
ROLES = ["defector", "defector", "announced the defection", "commander", "witness", "denied the report", "spokesman"]
TITLES_HELD = ["commander", "deputy commander", "head of logistics", "chief of staff", "officer", "pilot", "intelligence officer",
               "head of the branch", "instructor", "adjutant", "spokesman", "ambassador", "governor", "judge"]
RELATIONS = ["father", "brother", "cousin", "brother-in-law", "son", "uncle", "nephew", "sister"]
BY = ["an anonymous Free Syrian Army source", "a source close to the government", "activists on the ground", "state television",
      "a relative, speaking by telephone", "the Syrian Observatory for Human Rights", "the Local Coordination Committees",
      "a senior opposition figure", "a Turkish official", "a Jordanian government spokesman"]
SENTENCES = [
    "Residents said that checkpoints around the town were reinforced in the days that followed.",
    "The report could not be independently verified, and the government made no comment at the time.",
    "Opposition activists circulated a video in which the men showed their military identity cards.",
    "According to the same account, several conscripts left their posts during the night and crossed the lines.",
    "Foreign journalists were not allowed into the area, so the details rest on local accounts.",
    "The outlet notes that similar reports from the same region had earlier turned out to be exaggerated.",
    "Security forces were said to have detained relatives of the men shortly afterwards.",
    "A spokesman for the opposition welcomed the news and called on other officers to follow.",
    "State media described the reports as fabrications spread by hostile channels.",
    "Later accounts give a different date, which is why the date is recorded as approximate.",
]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")



def status_sides(status: str, source: str) -> dict:
    """The asserted_by and denied_by that hold ``status`` (the status rules); no random draw, so the corpus stays as it was."""
    out: dict = {}
    if status in ("confirmed", "disputed"):
        out["asserted_by"] = [{"source": source, "by": "a ministry spokesman", "basis": "official"}]
    if status in ("disputed", "denied"):
        out["denied_by"] = [{"source": source, "by": "state television", "basis": "official"}]
    return out

class Maker:
    """Builds the whole archive in memory, then writes it (so every reference is to a real entry)."""

    def __init__(self, n: int, seed: int):
        self.rng = random.Random(seed)
        self.n = max(n, 10)
        counts = {kind: max(2, round(self.n * share)) for kind, share in SHARES.items()}
        counts["person"] = self.n - sum(counts.values())
        self.counts = counts
        self.entries: dict[str, list[tuple[str, dict, str]]] = {k: [] for k in FOLDERS}  # kind -> [(id, fields, body)]

    # --- small random pieces --------------------------------------------------

    def date(self, lo: int = 2011, hi: int = 2016, plain: bool = False):
        """Every accepted date form: year, month, day, qualifiers, intervals, bare years."""
        r = self.rng
        y, m, d = r.randint(lo, hi), r.randint(1, 12), r.randint(1, 28)
        form = r.random()
        if form < 0.08 and not plain:
            return y  # a bare YAML integer year
        if form < 0.16:
            text = f"{y}"
        elif form < 0.40:
            text = f"{y}-{m:02d}"
        else:
            text = f"{y}-{m:02d}-{d:02d}"
        if not plain:
            q = r.random()
            text += "~" if q < 0.12 else "?" if q < 0.18 else "%" if q < 0.22 else ""
            if r.random() < 0.07:
                m2 = min(12, m + r.randint(0, 3))
                d2 = 28 if m2 > m else max(d, r.randint(d, 28))
                text = f"{y}-{m:02d}-{d:02d}/{y}-{m2:02d}-{d2:02d}"
        return text

    def sources(self, k: int) -> list[str]:
        """``k`` distinct sources; a round-robin cursor makes sure every source is cited."""
        ids = self.source_ids
        out = []
        for _ in range(k):
            if self.rng.random() < 0.5:
                out.append(ids[self.cursor % len(ids)])
                self.cursor += 1
            else:
                out.append(self.rng.choice(ids))
        return list(dict.fromkeys(out))

    def citation(self, source: str) -> dict | str:
        r = self.rng.random()
        if r < 0.25:
            return source if self.rng.random() < 0.5 else {"source": source}
        out = {"source": source, "locator": self.locator()}
        if r > 0.85:
            out["note"] = self.rng.choice(SENTENCES)
        if r > 0.93:
            out["quote"] = "We could no longer stay silent while our people were being killed."
        return out

    def locator(self) -> str:
        a = self.rng.randint(1, 30)
        return f"para {a}" if self.rng.random() < 0.6 else f"paras {a}-{a + self.rng.randint(1, 4)}"

    def attribution(self, source: str) -> dict:
        return {"source": source, "by": self.rng.choice(BY), "basis": "official", "locator": self.locator()}

    def claims(self, subject: str, k: int) -> list[dict]:
        out = []
        for _ in range(k):
            status = self.rng.choice(STATUSES)
            srcs = self.sources(3)
            claim = {"claim": f"{subject} {self.rng.choice(['was seen in', 'fled towards', 'took part in fighting near', 'was detained in'])} {self.rng.choice(PLACES)}.",
                     "status": status}
            if self.rng.random() < 0.6:
                claim["date"] = self.date()
            claim["asserted_by"] = [self.attribution(s) for s in srcs[:self.rng.randint(1, 2)]]
            if status in ("disputed", "denied") or self.rng.random() < 0.2:
                claim["denied_by"] = [self.attribution(srcs[-1])]
            if status != "confirmed" or self.rng.random() < 0.3:
                claim["note"] = self.rng.choice(SENTENCES)
            out.append(claim)
        return out

    def body(self, links: list[str], labels: dict[str, str], sources: list[str], paragraphs: int) -> str:
        """Prose with [[id]] and [[id|label]] links, [@source, para N] citations, sometimes a heading or a list."""
        r = self.rng
        out = []
        for i in range(paragraphs):
            words = []
            for j in range(r.randint(3, 5)):
                sentence = r.choice(SENTENCES)
                if links and r.random() < 0.6:
                    target = r.choice(links)
                    link = f"[[{target}|{labels[target]}]]" if r.random() < 0.3 else f"[[{target}]]"
                    sentence = sentence[:-1] + f", according to a statement about {link}."
                if sources and r.random() < 0.5:
                    sentence = sentence[:-1] + f" [@{r.choice(sources)}, {self.locator()}]."
                words.append(sentence)
            out.append(" ".join(words))
            if i == 0 and r.random() < 0.15:
                out.append("## Background")
            if i == 0 and r.random() < 0.15 and sources:
                out.append("\n".join(f"- Reported by [@{s}]" for s in sources[:3]))
        return "\n\n".join(out) + "\n"

    # --- the archive ------------------------------------------------------------

    def build(self) -> None:
        r = self.rng
        c = self.counts
        self.cursor = 0
        person_names = []
        for i in range(c["person"]):
            first, family = r.choice(FIRST), r.choice(FAMILY)
            father = r.choice(FIRST)
            person_names.append((first, father, family, f"{slug(first[0])}-{slug(family[0])}-{i + 1:05d}"))
        self.person_ids = [p[3] for p in person_names]
        self.source_ids = [f"src-{slug(r.choice(PUBLISHERS)[0])[:20]}-{i + 1:05d}" for i in range(c["source"])]
        self.event_ids = [f"event-{i + 1:05d}" for i in range(c["event"])]
        labels: dict[str, str] = {}

        # Units: a forest on each side; every unit's parent is an earlier unit of the same side.
        units = []
        by_side: dict[str, list[tuple[str, int]]] = {"government": [], "opposition": [], "other": []}
        for i in range(c["unit"]):
            side = r.choices(["government", "opposition", "other"], [6, 3, 1])[0]
            kinds = GOV_KINDS if side == "government" else OPP_KINDS if side == "opposition" else OTHER_KINDS
            noun, kind = r.choice(kinds)
            place = r.choice(PLACES)
            if side == "opposition":
                name = f"{r.choice(HONORIFICS)} {noun} ({place})"
            else:
                name = f"{r.randint(1, 160)}th {noun}, {place}" if noun in ("Division", "Brigade", "Battalion", "Squadron") else f"{noun} {place} {i + 1}"
            uid = f"{slug(name)[:50].strip('-')}-u{i + 1:04d}"
            parent, depth = None, 0
            candidates = [u for u in by_side[side] if u[1] < 5]
            if candidates and r.random() < 0.85:
                parent, pdepth = r.choice(candidates[-200:]) if r.random() < 0.5 else r.choice(candidates)
                depth = pdepth + 1
            by_side[side].append((uid, depth))
            fields = {"name": name}
            if noun in UNIT_AR and r.random() < 0.7:
                fields["name_ar"] = f"{UNIT_AR[noun]} {place}"
            if r.random() < 0.4:
                fields["aliases"] = [name.replace(", ", " of ")] + ([f"{noun} {i + 1}"] if r.random() < 0.4 else [])
            fields["kind"] = kind
            fields["side"] = side
            if parent:
                fields["parent"] = parent
            if r.random() < 0.6:
                fields["base"] = place
            units.append((uid, fields, side))
            labels[uid] = name
        self.unit_ids = [u[0] for u in units]
        gov_units = [u[0] for u in units if u[2] == "government"] or self.unit_ids
        opp_units = [u[0] for u in units if u[2] == "opposition"] or self.unit_ids

        for (first, father, family, pid) in person_names:
            labels[pid] = f"{first[0]} {family[0]}"
        for sid in self.source_ids:
            labels[sid] = sid
        for eid in self.event_ids:
            labels[eid] = eid

        # Events: participants are people; defection events name their defector in that person's entry.
        defection_event: dict[str, str] = {}
        for eid in self.event_ids:
            kind = r.choice(EVENT_KINDS)
            participants = list(dict.fromkeys(r.choice(self.person_ids) for _ in range(r.choices([1, 2, 3, 4], [5, 3, 2, 1])[0])))
            place = r.choice(PLACES)
            who = labels[participants[0]]
            title = {"defection": f"Defection of {who}", "mass-defection": f"Mass defection near {place}",
                     "defection-claim": f"Reported defection of {who}", "denial": f"{who} denies defecting",
                     "attack": f"Attack on a checkpoint near {place}", "announcement": f"{who} announces defection on video"}.get(kind, f"Incident in {place}")
            labels[eid] = title
            fields = {"title": title, "date": self.date(), "kind": kind}
            if r.random() < 0.8:
                fields["place"] = place
            fields["participants"] = [{"person": p, "role": r.choice(ROLES)} if r.random() < 0.8 else {"person": p} for p in participants]
            if r.random() < 0.6:
                fields["units"] = list(dict.fromkeys(r.choice(self.unit_ids) for _ in range(r.randint(1, 2))))
            if kind in ("mass-defection", "defection") and r.random() < 0.7:
                n = r.randint(1, 300)
                fields["count"] = n if r.random() < 0.5 else r.choice([f"~{n}", f"{n}+"])
            fields["status"] = r.choice(STATUSES)
            srcs = self.sources(r.randint(1, 3))
            if r.random() < 0.4:
                fields["claims"] = self.claims(f"The event ({title})", r.randint(1, 2))
            fields["sources"] = [self.citation(s) for s in srcs]
            fields.update(status_sides(fields["status"], srcs[0]))
            links = participants + fields.get("units", [])
            body = self.body(links, labels, srcs, r.randint(1, 3))
            self.entries["event"].append((eid, fields, body))
            if kind in ("defection", "announcement", "defection-claim") and participants[0] not in defection_event:
                defection_event[participants[0]] = eid

        # People.
        for (first, father, family, pid) in person_names:
            name = f"{first[0]} {family[0]}" if r.random() < 0.7 else f"{first[0]} {father[0]} {family[0]}"
            fields: dict = {"name": name}
            if r.random() < 0.75:
                fields["name_ar"] = f"{first[1]} {family[1]}"
            if r.random() < 0.6:
                fields["aliases"] = [f"{first[2]} {family[2]}"] + ([f"{first[2]} {father[2]} {family[0]}"] if r.random() < 0.3 else [])
            category = r.choice(CATEGORIES)
            if category in ("military", "security", "police") and r.random() < 0.9:
                rank = r.choices(RANKS, RANK_WEIGHTS)[0]
                form = r.random()
                fields["rank"] = rank[0] if form < 0.5 else rank[1] if form < 0.7 else (f"{rank[1]} ركن" if form < 0.75 else r.choice(rank[2]))
            fields["category"] = category
            if r.random() < 0.3:
                fields["born"] = self.date(1940, 1992)
            if r.random() < 0.6:
                fields["origin"] = f"{r.choice(PLACES)}, {r.choice(['Homs', 'Daraa', 'Idlib', 'Hama', 'Aleppo', 'Rif Dimashq'])} province"
            positions = []
            for _ in range(r.choices([0, 1, 2, 3], [1, 5, 3, 1])[0]):
                pos: dict = {}
                if r.random() < 0.9:
                    pos["unit"] = r.choice(gov_units)
                if r.random() < 0.8 or "unit" not in pos:
                    pos["title"] = r.choice(TITLES_HELD)
                if r.random() < 0.4:
                    pos["from"] = self.date(1990, 2011, plain=True)
                if r.random() < 0.3:
                    pos["to"] = self.date(2011, 2013, plain=True)
                    if "from" in pos and str(pos["to"])[:4] < str(pos["from"])[:4]:
                        del pos["to"]
                if r.random() < 0.5:
                    pos["sources"] = [self.citation(s) for s in self.sources(1)]
                positions.append(pos)
            if positions:
                fields["positions"] = positions
            if r.random() < 0.2:
                fields["relatives"] = [{"person": other, "relation": r.choice(RELATIONS)}
                                       for other in dict.fromkeys(r.choice(self.person_ids) for _ in range(r.randint(1, 2))) if other != pid]
                if not fields["relatives"]:
                    del fields["relatives"]
            if r.random() < 0.85 or pid in defection_event:
                status = r.choice(STATUSES)
                defection: dict = {"status": status}
                if r.random() < 0.85:
                    defection["date"] = self.date(2011, 2015)
                if r.random() < 0.5:
                    defection["destination"] = r.choice(DESTINATIONS)
                if r.random() < 0.4:
                    defection["joined"] = r.choice(opp_units)
                if pid in defection_event:
                    defection["event"] = defection_event[pid]
                if status != "confirmed" or r.random() < 0.2:
                    defection["note"] = r.choice(SENTENCES)
                defection["sources"] = [self.citation(s) for s in self.sources(r.randint(1, 3))]
                first = defection["sources"][0]
                defection.update(status_sides(status, first if isinstance(first, str) else first["source"]))
                fields["defection"] = defection
            if r.random() < 0.35:
                fields["claims"] = self.claims(name, r.randint(1, 3))
            srcs = self.sources(r.randint(1, 3))
            fields["sources"] = [self.citation(s) for s in srcs]
            links = [p["unit"] for p in positions if "unit" in p] + [x["person"] for x in fields.get("relatives", ())]
            links += [defection_event[pid]] if pid in defection_event else []
            links += [r.choice(self.person_ids) for _ in range(2)]
            body = self.body(links, labels, srcs, r.randint(1, 4))
            self.entries["person"].append((pid, fields, body))

        for uid, fields, _side in units:
            if r.random() < 0.2:
                fields["claims"] = self.claims(f"The {fields['name']}", 1)
            srcs = self.sources(r.randint(1, 2))
            fields["sources"] = [self.citation(s) for s in srcs]
            links = ([fields["parent"]] if "parent" in fields else []) + [r.choice(self.person_ids) for _ in range(2)]
            self.entries["unit"].append((uid, fields, self.body(links, labels, srcs, r.randint(1, 2))))

        for sid in self.source_ids:
            publisher, via = r.choice(PUBLISHERS)
            place = r.choice(PLACES)
            title = r.choice(TITLES).format(who=labels[r.choice(self.person_ids)], place=place, rank=r.choice(RANKS)[0].lower())
            fields = {"title": title, "publisher": publisher}
            if r.random() < 0.85:
                fields["date"] = self.date(2011, 2016)
            if r.random() < 0.4:
                fields["author"] = f"{r.choice(FIRST)[0]} {r.choice(FAMILY)[0]}"
            if r.random() < 0.7:
                fields["url"] = f"https://news.example.org/{slug(publisher)}/{sid}"
            if r.random() < 0.3:
                fields["archive_url"] = f"https://web.archive.org/web/2013/https://news.example.org/{sid}"
                fields["accessed"] = self.date(2013, 2020, plain=True)
            fields["language"] = r.choice(["en", "en", "en", "ar", "fr"])
            fields["kind"] = r.choice(SOURCE_KINDS)
            if r.random() < 0.5:
                fields["dateline"] = place
            if via:
                fields["via"] = via
            links = [r.choice(self.person_ids) for _ in range(r.randint(0, 2))]
            body = self.body(links, labels, [], 1) + "\nLocators: \"para N\" counts body paragraphs from the first.\n"
            self.entries["source"].append((sid, fields, body))

    def write(self, out: Path) -> None:
        if out.exists():
            shutil.rmtree(out)
        for kind, folder in FOLDERS.items():
            (out / folder).mkdir(parents=True)
            for eid, fields, body in self.entries[kind]:
                front = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
                (out / folder / f"{eid}.md").write_bytes(f"---\n{front}---\n{body}".encode("utf-8"))


def make_corpus(n: int, out: Path, seed: int = 1) -> dict[str, int]:
    """Write an archive of about ``n`` entries to ``out`` (replacing it); return the count per kind."""
    maker = Maker(n, seed)
    maker.build()
    maker.write(Path(out))
    return {kind: len(rows) for kind, rows in maker.entries.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of entries")
    ap.add_argument("out", type=Path, help="content folder to write (replaced if it exists)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1); the same seed gives the same bytes")
    args = ap.parse_args(argv)
    counts = make_corpus(args.n, args.out, args.seed)
    print(f"wrote {sum(counts.values())} entries to {args.out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
