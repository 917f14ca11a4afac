"""Invented people for demo data: Japanese names with their readings, addresses, numbers.

Nobody real: family and given names are drawn apart and joined at random.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from privacy_desk.domain.names import fold, fold_address
from privacy_desk.domain.vocabulary import (
    FormOfAddress,
)
from privacy_desk.services.case_base import digits

FAMILY = [
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
    ("佐々木", "ササキ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("清水", "シミズ"),
    ("比嘉", "ヒガ"),
    ("金城", "キンジョウ"),
    ("大城", "オオシロ"),
    ("森", "モリ"),
    ("池田", "イケダ"),
]
GIVEN = [
    ("太郎", "タロウ"),
    ("一郎", "イチロウ"),
    ("翔", "ショウ"),
    ("健", "ケン"),
    ("大輔", "ダイスケ"),
    ("恵子", "ケイコ"),
    ("美咲", "ミサキ"),
    ("花子", "ハナコ"),
    ("陽菜", "ヒナ"),
    ("結衣", "ユイ"),
    ("直樹", "ナオキ"),
    ("由美", "ユミ"),
    ("蓮", "レン"),
    ("葵", "アオイ"),
    ("悠真", "ユウマ"),
    ("さくら", "サクラ"),
    ("誠", "マコト"),
    ("明美", "アケミ"),
    ("拓也", "タクヤ"),
    ("優子", "ユウコ"),
]
PLACES = [
    ("150-0002", "東京都渋谷区渋谷"),
    ("160-0022", "東京都新宿区新宿"),
    ("171-0022", "東京都豊島区南池袋"),
    ("220-0012", "神奈川県横浜市西区みなとみらい"),
    ("330-0063", "埼玉県さいたま市浦和区高砂"),
    ("530-0001", "大阪府大阪市北区梅田"),
    ("460-0008", "愛知県名古屋市中区栄"),
    ("812-0011", "福岡県福岡市博多区博多駅前"),
    ("900-0015", "沖縄県那覇市久茂地"),
    ("904-0004", "沖縄県沖縄市中央"),
    ("060-0042", "北海道札幌市中央区大通西"),
    ("980-0021", "宮城県仙台市青葉区中央"),
]


def fake_person(rng: random.Random) -> dict[str, Any]:
    family, family_kana = rng.choice(FAMILY)
    given, given_kana = rng.choice(GIVEN)
    postal, place = rng.choice(PLACES)
    name = f"{family} {given}"
    kana = f"{family_kana} {given_kana}"
    phone = f"0{rng.choice([3, 6, 90, 80, 70])}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
    born = datetime(1940, 1, 1) + timedelta(days=rng.randint(0, 365 * 80))
    address = f"{place}{rng.randint(1, 5)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
    return {
        "name": name,
        "kana": kana,
        "name_folded": fold(name),
        "kana_folded": fold(kana),
        "birth_date": born.date(),
        "postal_code": postal,
        "address": address,
        "address_folded": fold_address(address),
        "phone": phone,
        "phone_digits": digits(phone),
        # Some requesters give a fax number, so fax cover sheets can be tried.
        "fax": f"0{rng.choice([3, 6])}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
        if rng.random() < 0.3
        else "",
        "email": f"user{rng.randint(10000, 99999)}@example.jp",
        "organisation": "",
        "form_of_address": rng.choice(list(FormOfAddress)).value,
        "created_at": datetime.now(UTC),
        "version": 1,
    }


_FIRM_OFFICES = {"東京都": "東京", "大阪府": "大阪", "愛知県": "名古屋", "福岡県": "福岡"}


def _law_firm(rng: random.Random, address: str) -> str:
    """A law firm with an office in the prefecture of its address (invented)."""
    family, _kana = rng.choice(FAMILY)
    office = next((o for p, o in _FIRM_OFFICES.items() if address.startswith(p)), "")
    return f"弁護士法人 {family}総合法律事務所" + (f" {office}事務所" if office else "")
