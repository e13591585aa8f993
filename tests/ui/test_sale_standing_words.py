"""The Sales list says where a sale stands in the guide's language, sentence for sentence what the
core says in English."""

from __future__ import annotations

from guide_app.protocol import SaleCorrectionAction
from guide_app.sync.problems import SALE_PHRASES_EN, DisputeSeen, SalePhrase, SaleStanding, UploadState
from ui.messages import SALE_PHRASES, sale_words


def test_every_sale_phrase_has_a_translatable_sentence_with_the_cores_english() -> None:
    assert SALE_PHRASES == SALE_PHRASES_EN and set(SALE_PHRASES) == set(SalePhrase)


def test_a_disputed_amended_sale_is_told_whole_with_names_and_amount_filled_in() -> None:
    dispute = DisputeSeen(("李娜",), True, "王丽娟", None, None)
    standing = SaleStanding(
        order_no="E1-1234",
        upload=UploadState.disputed,
        hq_reason="",
        dispute=dispute,
        amount_fen=99_900,
        voided=False,
        correction=SaleCorrectionAction.amend,
        correction_upload=UploadState.waiting,
        correction_reason="",
    )
    assert standing.words == (
        "Disputed: 李娜 also claims order E1-1234; counted for you until your manager settles it. "
        "Amended to ¥999.00; HQ learns of it at the next sync."
    )
    shown = sale_words(standing)  # in the app's language, with the same facts filled in
    assert all(fact in shown for fact in ("李娜", "E1-1234", "¥999.00")) and "%" not in shown
