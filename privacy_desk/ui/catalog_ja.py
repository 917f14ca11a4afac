"""Japanese screen texts, keyed by their English original. Add an entry beside every new tr()."""

JA: dict[str, str] = {
    "Privacy Desk": "Privacy Desk 個人情報窓口",
    "Error": "エラー",
    "Something went wrong": "問題が発生しました",
    "OK": "OK",
    "Cancel": "キャンセル",
    "Save": "保存",
    "Close": "閉じる",
}
