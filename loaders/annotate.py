"""The annotation layer: every line and provision of a document gets a label and the rule that gave it.

Rules are data. ``RULES`` is the one table of what decides how a line is read (its name, the label
it gives, what it means, why it holds, and a small example document on which it fires; a test runs
every example). ``LIMITS`` holds the few lengths and shares that decide, each with its reason.
Layout (``loaders.layout``) asks the predicates below while it builds the provision tree (is this
line site chrome? does it continue the previous one? is this numbered line a title or a provision's
text?); ``annotate`` then labels what layout built, so ``policygraph extract --explain`` can show the
rule behind every line, and turns what is dropped or ambiguous into warnings with their lines.

This module imports nothing from ``loaders.layout`` at run time (layout imports it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from loaders import messages
from loaders.text import SourceText, fold, fold_chars
from ontology.records import WarningRecord

if TYPE_CHECKING:
    from loaders.layout import Item, Layout, Section

Zone = Literal["past", "objectives", "vision", "tasks", "organisation", "funding", "purpose", "appendix",
               "distribution", "none"]
Label = Literal["heading", "task", "duty", "target", "context", "legal_basis", "distribution", "signature",
                "boilerplate", "header", "title", "table_row", "page_marker"]


@dataclass(frozen=True)
class Limit:
    """A length or share that decides how text is read, with the reason it is what it is."""

    name: str
    value: float
    reason: str


def _limit(name: str, value: float, reason: str) -> Limit:
    limit = Limit(name, value, reason)
    LIMITS[name] = limit
    return limit


LIMITS: dict[str, Limit] = {}
TITLE_MAX = _limit(
    "title_max_chars", 100,
    "a numbered line this short that neither ends a sentence nor assigns work names its provision "
    "(\"2. Mục tiêu cụ thể\"); a longer one is the provision's own text")
HEADING_SUMMARY_MAX = _limit(
    "heading_summary_max_chars", 160,
    "when a numbered line is text, its first sentence stands as the section's heading; past this it is "
    "cut at a word, since a heading is a label in lists and the text stays whole in the item")
PART_NAME_MAX = _limit(
    "part_name_max_chars", 300,
    "capital or bold lines under \"Phần thứ …\" name the part until the name reaches this length "
    "(the corpus's longest part name has 76); past it they are the part's text")
BREAK_PARAGRAPH_MIN = _limit(
    "page_break_paragraph_min_chars", 100,
    "a paragraph at least this long that ends without punctuation before a blank line was cut by a "
    "page break and goes on after it; a shorter one is a label")
SUBHEADING_MAX = _limit(
    "subheading_max_chars", 70,
    "an unnumbered line this short, of few words and without a sentence end, labels the items below "
    "it (\"Về giáo dục nghề nghiệp\") rather than stating a task (responsibility reads the same)")
SUBHEADING_MAX_WORDS = _limit(
    "subheading_max_words", 8,
    "a label has few words; a short sentence that states a task has more")
SUBJECT_SPAN = _limit(
    "subject_span_chars", 160,
    "a sentence without any role word can still name its host as its subject, within its first words")
DUTY_HEADING_COVERAGE = _limit(
    "duty_heading_coverage", 0.6,
    "a heading whose letters are mostly agency names (\"4. Sở Lao động - Thương binh và Xã hội\") "
    "heads that agency's duties")
WRAP_WIDTH_MIN = _limit(
    "wrap_width_min_chars", 40,
    "portals and PDF copies wrap at 60-100 columns; a file whose long lines are shorter than this is a "
    "list of short lines, not wrapped text")
WRAP_WIDTH_MAX = _limit(
    "wrap_width_max_chars", 120,
    "a file whose long lines run past this keeps its paragraphs on one line each: it is not hard-wrapped")
WRAP_PERCENTILE = _limit(
    "wrap_width_percentile", 0.95,
    "the wrap width is the length of the longest lines, read at a high percentile so that one long "
    "title or table line does not set it")
FULL_LINE_SHARE = _limit(
    "full_line_share", 0.8,
    "in a hard-wrapped file a line this close to the wrap width was broken by the wrap, not by the "
    "author (PDF text wraps at word widths, so lines vary below the width)")


@dataclass(frozen=True)
class Rule:
    """One way of reading a line: ``example`` is a small document on which the rule fires."""

    name: str
    label: Label | None  # None: the rule joins lines, the joined line is labelled by another rule
    meaning: str
    reason: str
    example: str
    pattern: re.Pattern[str] | None = None  # matched against the folded, lower-case line


def _folded(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


RULES: tuple[Rule, ...] = (
    # -- site chrome and page furniture: never part of the document --------------------------------
    Rule("source_url", "boilerplate", "a line naming the page the text was copied from",
         "a URL is where the copy came from, not what the document says",
         "# source: https://example.gov.vn/van-ban/ke-hoach-12\nKẾ HOẠCH\nThực hiện công tác năm 2024.",
         _folded(r"^(?:#\s*)?(?:source|nguon|link|url)?\s*:?\s*https?://")),
    Rule("site_chrome", "boilerplate", "a portal's menu, log-in prompt, search box, counter or banner",
         "portal pages carry these before and around the document they show",
         "Đăng nhập | Đăng ký tài khoản\nKẾ HOẠCH\nThực hiện công tác năm 2024.",
         _folded(r"^(?:trang chu\b|dang nhap\b|dang ky(?: tai khoan)?\s*(?:\||$)|tim kiem (?:van ban|tin tuc)|"
                 r"(?:lien he|tin tuc|van ban lien quan|tim kiem)\s*(?:\||$)|luot xem\s*:|"
                 r"chung nhan tin nhiem mang|dang tai (?:van ban|noi dung)|tu khoa\s*:|ban can dang nhap|"
                 r"de su dung toan bo tien ich|ngay cap nhat\b|chia se\s*:|loai file\s*:|so trang\s*:|"
                 r"[\d\s]*luot xem\b|[\d\s]*(?:download|tai xuong)\b|mo ta tai lieu\s*$|chu de\s*:\s*$|"
                 r"noi dung text\s*:|adsense\s*$|inttypepromotion)")),
    Rule("cell_separator", "boilerplate", "a line holding only table-cell bars",
         "a flattened two-column header leaves its cell bars on lines of their own",
         "|\nKẾ HOẠCH\nThực hiện công tác năm 2024.", _folded(r"^[|\s]+$")),
    Rule("sidebar_link", "boilerplate", "a numbered link to another document in a site's sidebar",
         "a portal lists related documents (\"- 3 Quyết định 12/QĐ-UBND năm 2020 …\") before the one "
         "shown; they are neither its text nor its sources",
         "- 1 Quyết định 12/QĐ-UBND năm 2020 về việc khác\nKẾ HOẠCH\nThực hiện công tác năm 2024.",
         _folded(r"^[-•*]\s*\d{1,2}\s+(?:nghi quyet|quyet dinh|ke hoach|chi thi|nghi dinh|thong tu|"
                 r"cong van|chuong trinh|luat|ket luan|huong dan|thong bao)\b")),
    Rule("page_marker", "page_marker", "a page number line (\"Trang 3/12\", \"- 3 -\")",
         "page furniture of printed or PDF copies falls anywhere, even mid-sentence, and is skipped "
         "without breaking the sentence around it",
         "1. Sở Y tế chủ trì triển khai các\nTrang 2/5\nnhiệm vụ về chăm sóc sức khỏe.",
         _folded(r"^(?:(?:trang|page)\s+\d{1,4}(?:\s*(?:/|cua|of)\s*\d{1,4})?|[-–]\s*\d{1,4}\s*[-–])$")),
    # -- joining lines broken by a wrap ------------------------------------------------------------
    Rule("numbering_alone", None, "a numbering standing alone on its line (\"Điều 1.\", \"II.\") goes on "
         "in the next line", "PDF and portal copies put an article's number on a line of its own",
         "QUYẾT ĐỊNH:\nĐiều 1.\nBan hành kèm theo Quyết định này Kế hoạch thực hiện năm 2024."),
    Rule("continues_lowercase", None, "a line starting in lower case continues the previous one",
         "a sentence does not start in lower case",
         "1. Sở Nội vụ chủ trì, phối hợp với các sở, ngành\nliên quan tổ chức sơ kết việc thực hiện."),
    Rule("ends_with_connective", None,
         "a line ending in a word that cannot end a sentence (của, và, số, ngày …) or in a comma or dash "
         "goes on in the next line",
         "no sentence ends on \"của\" or a comma: the break is the wrap's",
         "Căn cứ Nghị quyết số 12/NQ-HĐND ngày 10/12/2023 của\nHội đồng nhân dân tỉnh về phát triển."),
    Rule("continues_number", None, "a line starting with a number that is not a numbering goes on from "
         "the previous line, unless that line ends with a year (\"… chủ yếu đến năm 2030\" is a heading: "
         "two figures side by side are never one phrase)",
         "numbers, dates and symbols are split from the words before them by wraps",
         "Phấn đấu đến năm 2025 tỷ lệ hộ nghèo giảm còn\n2% theo chuẩn nghèo đa chiều."),
    Rule("closes_parenthesis", None, "a line that looks numbered (\"XII) …\", \"a) …\") but closes a "
         "parenthesis the previous line opened continues it", "a wrap inside \"(Khóa XII)\" leaves a "
         "numbering look-alike at the start of a line",
         "Thực hiện Nghị quyết của Ban Chấp hành Trung ương (Khóa\nXII) về công tác bảo vệ sức khỏe nhân dân."),
    Rule("wrapped_at_width", None, "in a hard-wrapped file, a line that reaches the wrap width goes on "
         "in the next line (unless it ends a sentence or the next line starts an item)",
         "portals and PDF copies break lines at a fixed width, mid-sentence, often before a capital",
         "\n".join(["Các đơn vị triển khai thực hiện tốt công tác chăm sóc người cao tuổi trên",
                    "Địa bàn toàn tỉnh theo kế hoạch đã được phê duyệt trong năm hai nghìn.",
                    "Các đơn vị triển khai thực hiện tốt công tác chăm sóc trẻ em mồ côi ở",
                    "Vùng sâu, vùng xa theo kế hoạch đã được phê duyệt từ năm trước đó nay."])),
    Rule("wrapped_sentence", None, "in a hard-wrapped file, a line that ends a sentence (or a clause, "
         "or an introduction with a colon) goes on in the next line when the next line's first word "
         "would not have fitted on it, unless that line opens a legal basis or a proposal (Căn cứ, "
         "Theo đề nghị)",
         "a wrap puts the next word on the same line whenever it fits, so a line too full for it ends "
         "where the wrap broke, not where the paragraph did",
         "\n".join(["Các đơn vị triển khai thực hiện tốt công tác chăm sóc người cao tuổi ở xã.",
                    "Đồng thời rà soát danh sách người cao tuổi theo quy định hiện hành nay.",
                    "Các đơn vị triển khai thực hiện tốt công tác chăm sóc trẻ em mồ côi ở các",
                    "vùng sâu, vùng xa theo kế hoạch đã được phê duyệt trong năm trước đó nay."])),
    Rule("wrapped_before_dash", None, "in a hard-wrapped file, a full-width line without a sentence end "
         "goes on in a next line that starts with a dash", "a name such as \"Sở Lao động - Thương binh "
         "và Xã hội\" wrapped before its dash looks like a bullet",
         "\n".join(["Các đơn vị triển khai thực hiện tốt công tác chăm sóc người cao tuổi, Sở Lao động",
                    "- Thương binh và Xã hội theo dõi, đôn đốc các đơn vị thực hiện kế hoạch này.",
                    "Các đơn vị triển khai thực hiện tốt công tác chăm sóc trẻ em mồ côi ở các",
                    "vùng sâu, vùng xa theo kế hoạch đã được phê duyệt trong năm trước đó nay."])),
    # -- lines that end the document's text --------------------------------------------------------
    Rule("signature", "signature", "the signature block (TM., KT., chức vụ of the signer)",
         "who signs is not what is assigned", "Thực hiện công tác năm 2024.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
         _folded(r"^(?:t/?m\.?|kt\.|tm\.|chu tich|pho chu tich|bi thu|pho bi thu)\b")),
    Rule("distribution_list", "distribution", "Nơi nhận and the recipients listed under it",
         "recipients receive the document; they are not assigned its tasks",
         "Thực hiện công tác năm 2024.\nNơi nhận:\n- Sở Y tế;\n- Lưu: VT.", _folded(r"^noi nhan")),
    # -- the header and what stands before the body -----------------------------------------------
    Rule("metadata_block", "header", "a portal's metadata about the document (Số hiệu, Loại văn bản, "
         "Nơi ban hành, Ngày ban hành, Người ký)", "it states the number and date of the document it "
         "describes, so the header reader may use it",
         "Số hiệu: 12/KH-UBND Loại văn bản: Kế hoạch\nKẾ HOẠCH\nThực hiện công tác năm 2024.",
         _folded(r"^(?:so hieu|loai van ban|noi ban hanh|ngay ban hanh|nguoi ky|ngay hieu luc|tinh trang|"
                 r"ngay cong bao|so cong bao)\s*:")),
    Rule("header_number", "header", "the document's number line (\"Số: 12/KH-UBND\")",
         "the administrative form puts the number under the issuer", "Số: 12/KH-UBND\nKẾ HOẠCH\nNội dung.",
         _folded(r"^so\s*:?\s*[\d ]*\s*[-/]")),
    Rule("header_place_date", "header", "the place-and-date line (\"Hà Nam, ngày 3 tháng 6 năm 2024\")",
         "the administrative form dates the document beside its number",
         "Hà Nam, ngày 03 tháng 6 năm 2024\nKẾ HOẠCH\nNội dung.", _folded(r"^[^,\d/]{2,40},\s*ngay\b")),
    Rule("national_motto", "header", "the national name and motto (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, "
         "Độc lập - Tự do - Hạnh phúc) or the Party's (ĐẢNG CỘNG SẢN VIỆT NAM)",
         "every state and Party document carries it; it names no issuer",
         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKẾ HOẠCH\nNội dung.",
         _folded(r"cong hoa xa hoi|^chu nghia viet nam|doc lap\s*[-–]\s*tu do|^dang cong san viet nam")),
    Rule("draft_mark", "header", "the draft mark (Dự thảo)", "a draft has blank numbers and dates",
         "Dự thảo\nKẾ HOẠCH\nNội dung.", _folded(r"^du thao\b")),
    Rule("title_kind", "title", "a line in capitals naming the kind of document (KẾ HOẠCH, CHƯƠNG TRÌNH …)",
         "the administrative form names the kind in capitals above the title",
         "Số: 12/KH-UBND\nKẾ HOẠCH\nNội dung.",
         _folded(r"^(?:ke hoach|chuong trinh|quyet dinh|nghi quyet|ket luan|chi thi|thong bao|huong dan|"
                 r"bao cao|to trinh|de an|cong van|thong tu|nghi dinh)\b")),
    Rule("title_caps", "title", "lines in capitals right after the kind line go on with the title",
         "portals break a long capital title over several lines",
         "Số: 12/KH-UBND\nKẾ HOẠCH\nTHỰC HIỆN CHƯƠNG TRÌNH AN SINH XÃ HỘI\nNội dung."),
    Rule("header_caps", "header", "a line in capitals above the title: the issuer's name",
         "the issuer stands in capitals at the top left of the administrative form",
         "ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\nKẾ HOẠCH\nNội dung."),
    Rule("legal_basis", "legal_basis", "a \"Căn cứ …\" line: the legal basis",
         "decisions state their legal bases before what they decide",
         "KẾ HOẠCH\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
         _folded(r"^can cu\b")),
    Rule("implements_clause", "context", "a \"Thực hiện …\" or \"Theo đề nghị …\" line before the body",
         "it says which documents this one implements or who proposed it: lineage, not a task",
         "KẾ HOẠCH\nThực hiện Nghị quyết số 42-NQ/TW ngày 24/11/2023 của Ban Chấp hành Trung ương.",
         _folded(r"^(?:thuc hien|theo de nghi|xet de nghi|trien khai)\b")),
    Rule("preamble_text", "context", "other text before the first numbered provision",
         "opening paragraphs frame the document; the readers take lineage from them, never tasks",
         "KẾ HOẠCH\nỦy ban nhân dân tỉnh ban hành Kế hoạch như sau:"),
    Rule("appendix_heading", "heading", "a line starting \"Phụ lục\" (or \"Danh mục\" after the "
         "distribution list) opens an appendix", "appendices carry the task tables of many plans",
         "KẾ HOẠCH\nI. NHIỆM VỤ\n1. Tuyên truyền.\nPhụ lục\nDanh mục nhiệm vụ"),
    # -- numbered provisions: title or text ------------------------------------------------------
    Rule("heading_colon", "heading", "a numbered line ending in a colon introduces what follows",
         "\"1. Mục tiêu chung:\" announces its content", "I. MỤC TIÊU\n1. Mục tiêu chung:\nNâng cao đời sống."),
    Rule("heading_caps", "heading", "a numbered line in capitals names its section",
         "sections are named in capitals", "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao đời sống người dân."),
    Rule("heading_short", "heading", f"a numbered line of at most {TITLE_MAX.value:.0f} characters that "
         "neither ends a sentence nor assigns work names its provision", TITLE_MAX.reason,
         "II. NHIỆM VỤ\n1. Về giáo dục nghề nghiệp\n- Đổi mới đào tạo nghề."),
    Rule("provision_sentence", None, "a numbered line that ends a sentence (\".\" or \";\") is the "
         "provision's own text, however short", "a heading names; it does not end in a full stop",
         "II. NHIỆM VỤ\n1. Sở Nội vụ chủ trì tổng kết."),
    Rule("provision_assignment", None, "a numbered line that assigns work (chủ trì, giao, chịu trách "
         "nhiệm, phối hợp với) is the provision's own text", "a heading does not assign a body",
         "II. NHIỆM VỤ\n1. Sở Nội vụ chủ trì tổng kết", _folded(r"\bchu tri\b|\bchiu trach nhiem\b|"
                                                             r"\bphoi hop voi\b|\bgiao cho\b")),
    Rule("provision_long", None, f"a numbered line longer than {TITLE_MAX.value:.0f} characters is the "
         "provision's own text", TITLE_MAX.reason,
         "II. NHIỆM VỤ\n1. Tiếp tục rà soát, hoàn thiện các cơ chế, chính sách hỗ trợ người dân tham gia "
         "bảo hiểm xã hội tự nguyện trên địa bàn"),
    Rule("part_name", "heading", "capital or bold lines right under \"Phần thứ …\" name the part",
         PART_NAME_MAX.reason, "Phần thứ nhất\n\nTÌNH HÌNH THỰC HIỆN\n\nKết quả đạt được."),
    # -- a decision's articles (Điều): what each one does ---------------------------------------------
    Rule("article_promulgates", "context", "an article that issues the attached plan (\"Ban hành kèm "
         "theo Quyết định này …\")", "it names the document the decision wraps: lineage, not a task",
         "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện năm 2024.",
         _folded(r"^ban hanh kem theo\b")),
    Rule("article_executes", "context", "an article naming who executes the decision (\"… chịu trách "
         "nhiệm thi hành Quyết định này\") or when it takes effect", "the execution clause lists "
         "officials who carry out the decision as a whole; it assigns no task and names no coordinator",
         "QUYẾT ĐỊNH:\nĐiều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Y tế chịu trách nhiệm "
         "thi hành Quyết định này.",
         _folded(r"thi hanh (?:quyet dinh|nghi quyet|chi thi) nay|co hieu luc(?: thi hanh)? (?:ke )?tu ngay")),
    Rule("article_assigns", "duty", "an article that assigns work (giao, chủ trì, chịu trách nhiệm, phối "
         "hợp với) organises the implementation", "in a decision the assignment of the attached plan "
         "stands in an article, not under Tổ chức thực hiện",
         "QUYẾT ĐỊNH:\nĐiều 2. Giao Sở Y tế chủ trì, phối hợp với các sở, ngành liên quan triển khai Kế hoạch.",
         _folded(r"^giao\b|\bchu tri\b|\bchiu trach nhiem\b|\bphoi hop voi\b")),
    # -- what an item is, by where it stands ----------------------------------------------------------
    Rule("role_block", "duty", "a \"Cơ quan chủ trì / phối hợp / quyết định:\" line gives the roles of "
         "the task above it", "the per-task block form of plans",
         "II. NHIỆM VỤ\n1. Tổ chức tuyên truyền.\n- Cơ quan chủ trì: Sở Tư pháp.",
         _folded(r"^[-+•]?\s*co quan (?:chu tri|phoi hop|quyet dinh)")),
    Rule("subheading", "heading", f"a short unnumbered line (at most {SUBHEADING_MAX.value:.0f} characters "
         f"and {SUBHEADING_MAX_WORDS.value:.0f} words, no sentence end) labels the items below it",
         SUBHEADING_MAX.reason, "II. NHIỆM VỤ\n1. Về y tế\nVề y tế cơ sở\n- Đầu tư trạm y tế xã."),
    Rule("task_item", "task", "a paragraph or bullet in a tasks section (Nhiệm vụ, giải pháp) is a task",
         "plans list their tasks there", "II. NHIỆM VỤ, GIẢI PHÁP\n- Đầu tư nâng cấp trạm y tế xã."),
    Rule("duty_item", "duty", "a paragraph or bullet under Tổ chức thực hiện states who does what",
         "the organisation section assigns the plan's work",
         "III. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\n- Hướng dẫn các địa phương triển khai."),
    Rule("target_item", "target", "a line of the objectives that states a number (%, a count …)",
         "objectives carry the plan's targets (chỉ tiêu)",
         "I. MỤC TIÊU\n- Đến năm 2025 tỷ lệ hộ nghèo giảm còn dưới 2%.",
         _folded(r"\d+(?:[.,]\d+)?\s*(?:%|lan\b|nguoi\b|ho\b|can\b|giuong\b|bac si\b|ha\b|ty dong\b)")),
    Rule("objective_item", "context", "a line of the objectives without a number",
         "a general objective frames the targets", "I. MỤC TIÊU\n- Nâng cao đời sống người dân."),
    Rule("past_item", "context", "a line of a section on past results (tình hình, kết quả, hạn chế)",
         "results of past periods are neither tasks nor targets",
         "I. TÌNH HÌNH THỰC HIỆN\n- Năm 2020 tỷ lệ hộ nghèo còn 2%."),
    Rule("funding_item", "context", "a line of the funding section (Kinh phí)",
         "it says where money comes from", "IV. KINH PHÍ\nNgân sách nhà nước theo phân cấp."),
    Rule("closing_item", "context", "the closing sentence (\"Trên đây là …\")",
         "it restates the document, it assigns nothing new",
         "IV. TỔ CHỨC THỰC HIỆN\nTrên đây là Kế hoạch của Ủy ban nhân dân tỉnh.", _folded(r"^tren day la\b")),
    Rule("appendix_row", "table_row", "a row of an appendix table", "appendix tables list tasks with "
         "their host, coordinators, deadline and funding in columns",
         "Phụ lục\nSTT\tNội dung\tCơ quan chủ trì\n1\tTuyên truyền\tSở Tư pháp"),
    Rule("table_row", "table_row", "a tab-separated row outside an appendix",
         "tables inside the body carry figures or lists", "I. MỤC TIÊU\nChỉ tiêu\tNăm 2025\tGhi chú"),
    Rule("body_text", "context", "a paragraph in any other section (purpose, vision, none)",
         "purpose and vision sections explain; they assign nothing",
         "I. MỤC ĐÍCH, YÊU CẦU\nBảo đảm mọi người dân được tiếp cận an sinh xã hội."),
)
RULE: dict[str, Rule] = {r.name: r for r in RULES}

_CHROME = tuple(RULE[n] for n in ("source_url", "site_chrome", "cell_separator", "sidebar_link", "page_marker"))
_HEADER = tuple(RULE[n] for n in ("metadata_block", "header_number", "header_place_date", "national_motto",
                                  "draft_mark"))
_PREAMBLE = tuple(RULE[n] for n in ("legal_basis", "implements_clause"))
# Words no sentence (nor a heading) ends on, matched on the lower-case text itself: folding would
# confuse "của" with "cửa" and "sở" (a department) with "số".
_CONNECTIVE = re.compile(
    r"(?:,|\s[-–]|\(|(?<!\w)(?:của|và|số|ngày|về|với|các|những|theo|tại|cho|từ|đến|trong|trên|dưới|là|để|"
    r"do|bằng|hoặc|nhằm|tháng|đối|thuộc|giai|chủ|phối|cùng|được|bị|sẽ|đã|đang|mọi))$")
_SIGNATURE = RULE["signature"].pattern or re.compile("$^")
_SIGNATURE_SPAN = 20  # a signature line starts with its title (TM., KT., Chủ tịch …)
_CONNECTIVE_SPAN = 12  # the last word of a line, with room for its punctuation
_CLOSERS = "\"”’»)*_"


_ANY_CHROME = re.compile("|".join(f"(?:{r.pattern.pattern})" for r in _CHROME if r.pattern is not None))
_CHROME_SPAN = 80  # every chrome pattern is anchored at the line's start and decided within its first words


def chrome_rule(text: str) -> str | None:
    """The rule naming a line as site chrome or page furniture, or None. ``text`` is the cleaned line
    of a normalised source (single spaces, NFC), so folding its characters is all ``fold`` would do."""
    folded = fold_chars(text[:_CHROME_SPAN]).rstrip() + ("…" if len(text) > _CHROME_SPAN else "")  # "…": not whole
    if not _ANY_CHROME.search(folded):
        return None
    for rule in _CHROME:
        if rule.pattern is not None and rule.pattern.search(folded):
            return rule.name
    return None


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence (or a list entry, or an introduction)."""
    end = text.rstrip().rstrip(_CLOSERS)
    return bool(end) and end[-1] in ".;:!?…"


def _caps(text: str) -> bool:
    return text.isupper()


_OPENER = re.compile(r"^(?:can cu|theo de nghi|xet de nghi)\b")


def _opens_paragraph(text: str) -> bool:
    """A line starting the way a legal basis or a proposal does ("Căn cứ …", "Theo đề nghị …"):
    after a sentence end it starts anew, however full the line before it. ("Thực hiện …" is not
    one: it starts sentences inside tasks as often as it opens a document.)"""
    return bool(_OPENER.match(fold(text[:_SIGNATURE_SPAN]).lower()))


def _block_caps(text: str) -> bool:
    """A line in capitals that does not end a sentence is a header, title or heading line: it never
    joins a neighbour (an acronym wrapped onto a line of its own, "ISO.", does)."""
    return _caps(text) and not ends_sentence(text)


def wrap_width(lengths: list[int]) -> int | None:
    """The width a file's lines were hard-wrapped at, or None when they were not. ``lengths`` are the
    lengths of its text lines (not table rows)."""
    if len(lengths) < 4:
        return None
    ordered = sorted(lengths)
    width = ordered[min(len(ordered) - 1, int(WRAP_PERCENTILE.value * len(ordered)))]
    return width if WRAP_WIDTH_MIN.value <= width <= WRAP_WIDTH_MAX.value else None


_ENDS_WITH_YEAR = re.compile(r"\b(?:19|20)\d\d\s*$")


def continuation_rule(prev_tail: str, next_text: str, next_kind: str, width: int | None,
                      open_paren: bool = False, bare_number: bool = False) -> str | None:
    """The rule by which line ``next_text`` continues the previous one, or None when it starts anew.

    ``prev_tail`` is the previous line's last file line (cleaned), ``open_paren`` whether the previous
    line (as joined so far) leaves a parenthesis open; ``next_kind`` is layout's kind of the next line
    (numbered kinds, bullet, row, para); ``bare_number`` whether the previous line is a numbering
    with no words ("Điều 1.", "II.")."""
    if not prev_tail or not next_text:
        return None
    if bare_number and next_kind == "para":
        return "numbering_alone"
    if next_kind not in {"para", "bullet", "row", "blank"} and open_paren and re.match(r"^\S{1,8}\)", next_text):
        return "closes_parenthesis"
    if next_kind not in {"para", "bullet"}:
        return None
    if _block_caps(prev_tail) or _block_caps(next_text):
        return None
    if _SIGNATURE.search(fold(next_text[:_SIGNATURE_SPAN]).lower()):
        return None
    first = next_text[:1]
    if ends_sentence(prev_tail):
        if next_kind != "para":
            return None
        if first.islower():
            return "continues_lowercase"
        word = next_text.split(" ", 1)[0]
        if width is None or len(prev_tail) + 1 + len(word) <= width or _opens_paragraph(next_text):
            return None
        return "wrapped_sentence"
    full = width is not None and len(prev_tail) >= FULL_LINE_SHARE.value * width
    if next_kind == "bullet":
        return "wrapped_before_dash" if full and next_text[:1] in "-–" else None
    if first.islower() or first in ",;)":
        return "continues_lowercase"
    if _CONNECTIVE.search(prev_tail[-_CONNECTIVE_SPAN:].lower().rstrip()):
        return "ends_with_connective"
    if first.isdigit() and not _ENDS_WITH_YEAR.search(prev_tail):
        return "continues_number"
    return "wrapped_at_width" if full else None


def title_rule(text: str) -> tuple[bool, str]:
    """Whether the text of a numbered line names its provision (a title) or is the provision's own
    text, and the rule that decided."""
    stripped = text.rstrip()
    if not stripped or stripped.endswith(":"):
        return True, "heading_colon"
    if stripped.endswith((".", ";")):
        return False, "provision_sentence"
    pattern = RULE["provision_assignment"].pattern
    if pattern is not None and pattern.search(fold(stripped).lower()):
        return False, "provision_assignment"
    if len(stripped) > TITLE_MAX.value:
        return False, "provision_long"
    return True, "heading_caps" if _caps(stripped) else "heading_short"


def article_zone(text: str) -> tuple[Zone | None, str]:
    """The zone a decision's article sets for what it holds, and the rule that decided ("", None when
    no article rule applies: the article's own words, or its parent, decide)."""
    folded = fold(text).lower()
    choices: tuple[tuple[str, Zone], ...] = (("article_promulgates", "none"), ("article_executes", "none"),
                                             ("article_assigns", "organisation"))
    for name, zone in choices:
        pattern = RULE[name].pattern
        if pattern is not None and pattern.search(folded):
            return zone, name
    return None, ""


def header_rule(text: str) -> str | None:
    """The rule naming a preamble line as part of the header, the title or the opening, or None."""
    folded = fold(text).lower()
    for rule in (*_PREAMBLE, *_HEADER, RULE["title_kind"]):
        if rule.pattern is not None and rule.pattern.search(folded):
            if rule.name == "title_kind" and not _caps(text):
                continue
            return rule.name
    return None


# -- annotating a layout --------------------------------------------------------------------------

@dataclass(frozen=True)
class Annotation:
    """One provision or skipped line: its line span, label, the rule that gave it, and its text."""

    start: int
    end: int
    label: Label
    rule: str
    text: str
    joined: tuple[str, ...] = ()  # the rules that joined wrapped lines into it


@dataclass(frozen=True)
class Annotated:
    annotations: tuple[Annotation, ...]
    warnings: tuple[WarningRecord, ...]


_ZONE_RULES = {"tasks": "task_item", "organisation": "duty_item", "objectives": "objective_item",
               "vision": "objective_item", "past": "past_item", "funding": "funding_item",
               "appendix": "body_text", "purpose": "body_text", "distribution": "distribution_list",
               "none": "body_text"}


def _is_subheading(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) <= SUBHEADING_MAX.value and not stripped.endswith((".", ";")) and (
        stripped.endswith(":") or len(stripped.split()) <= SUBHEADING_MAX_WORDS.value)


def item_rule(item: Item, zone: str) -> str:
    """The rule that labels an item of a section in ``zone``."""
    if item.kind == "row":
        return "appendix_row" if zone == "appendix" else "table_row"
    folded = fold(item.text).lower()
    for name in ("role_block", "closing_item", "legal_basis"):
        pattern = RULE[name].pattern
        if pattern is not None and pattern.search(folded):
            return name
    if not item.numbered and _is_subheading(item.text):
        return "subheading"
    rule = _ZONE_RULES.get(zone, "body_text")
    if rule == "objective_item" and RULE["target_item"].pattern and RULE["target_item"].pattern.search(folded):
        return "target_item"
    return rule


def _label(rule: str) -> Label:
    label = RULE[rule].label
    return label if label is not None else "task"


def _joined(layout: Layout, start: int, end: int) -> tuple[str, ...]:
    return tuple(layout.joins[n] for n in range(start + 1, end + 1) if n in layout.joins)


def _section_annotation(section: Section, layout: Layout) -> Annotation:
    """A numbered line: a heading when it names its section, else labelled as the text it is (by its
    own rule when that rule labels, as an article's does, else by where it stands)."""
    own = next((i for i in section.items if i.numbered and i.start == section.start), None)
    label: Label
    if own is None:
        rule, label = section.rule or "heading_short", "heading"
    else:
        rule = section.rule or "provision_long"
        label = RULE[rule].label or _label(item_rule(own, section.zone))
    heading_end = max(section.start, section.heading_end, own.end if own else 0)
    text = own.text if own else section.heading
    return Annotation(section.start, heading_end, label, rule, f"[{section.path}] {text}",
                      _joined(layout, section.start, heading_end))


def _walk(layout: Layout) -> Iterator[Annotation]:
    in_title = False
    for line in layout.preamble_lines:
        if in_title and _caps(line.text):
            rule = "title_caps"
        else:
            rule = line.rule or header_rule(line.text) or ("header_caps" if _caps(line.text) else "preamble_text")
        in_title = rule in {"title_kind", "title_caps"}
        label = _label(rule)
        yield Annotation(line.start, line.end, label, rule, line.text, _joined(layout, line.start, line.end))
    for section in layout.root.walk():
        if section.kind == "root":
            continue
        yield _section_annotation(section, layout)
        for item in section.items:
            if item.numbered and item.start == section.start:
                continue  # the numbered line itself, annotated with its section
            rule = item_rule(item, section.zone)
            yield Annotation(item.start, item.end, _label(rule), rule, item.text,
                             _joined(layout, item.start, item.end))
    for skip in layout.skipped:
        yield Annotation(skip.start, skip.end, _label(skip.rule), skip.rule, skip.text)


_WIDTH_JOINS = frozenset({"wrapped_at_width", "wrapped_sentence", "wrapped_before_dash"})


def provision_warnings(source: SourceText, layout: Layout) -> list[WarningRecord]:
    """What the readers will not take from a parsed document, or take on a guess, with its lines: a
    numbered provision read as a title with neither text nor sub-provisions under it in a tasks or
    organisation section (it may be a task read as a heading), line breaks joined by their length
    alone (one warning per document), and a document with no numbered provisions at all."""
    warnings: list[WarningRecord] = []
    for section in layout.root.walk():
        if section.kind in {"root", "appendix", "part"} or section.items or section.children:
            continue
        if section.zone in {"tasks", "organisation"} and section.heading_is_title and not _caps(section.heading):
            warnings.append(messages.warning("provision_without_text",
                                             source.source(section.start, section.heading_end or None),
                                             path=section.path))
    guessed = sorted(n for n, rule in layout.joins.items() if rule in _WIDTH_JOINS)
    if guessed and layout.wrap_width:
        warnings.append(messages.warning("hard_wrapped", source.source(guessed[0]), width=layout.wrap_width,
                                         count=len(guessed)))
    if not layout.root.children:
        warnings.append(messages.warning("no_structure", source.source(1, 1)))
    return warnings


def annotate(source: SourceText, layout: Layout) -> Annotated:
    """Label every provision and skipped line of a parsed document, in line order, with the
    warnings of ``provision_warnings``."""
    annotations = sorted(_walk(layout), key=lambda a: (a.start, a.end))
    return Annotated(tuple(annotations), tuple(provision_warnings(source, layout)))


def explain_lines(source: SourceText, layout: Layout, width: int = 72) -> Iterator[str]:
    """``extract --explain``: one line per provision or skipped line — file line span, label, rule,
    the start of its text, and the rules that joined wrapped lines into it."""
    for a in annotate(source, layout).annotations:
        first, last = source.file_line(a.start), source.file_line(a.end)
        span = f"{first}" if first == last else f"{first}-{last}"
        text = " ".join(a.text.split())
        text = text if len(text) <= width else text[:width - 1] + "…"
        joined = f"  [joined: {', '.join(sorted(set(a.joined)))}]" if a.joined else ""
        yield f"{span:>9}  {a.label:<12} {a.rule:<22} {text}{joined}"
