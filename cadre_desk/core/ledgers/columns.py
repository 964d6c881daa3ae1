"""The columns of the ledgers' tables, shared by the PDF and the Excel workbook.

Each column has its printed header, its width on the A4 page in millimetres, and what it
holds (its kind), from which the PDF takes the alignment and the workbook the number format.
"""

from __future__ import annotations

from dataclasses import dataclass

#: kind → alignment in the printed table
ALIGN: dict[str, str] = {
    "text": "left",
    "centre": "centre",
    "code": "centre",  # ID numbers, phones, year-months: text, whatever is typed
    "seq": "centre",
    "date": "centre",
    "count": "right",
    "money": "right",
    "hours": "right",
    "rate": "right",
}


@dataclass(frozen=True)
class Col:
    """A table column: its header, its width in the PDF (mm), and what it holds."""

    label: str
    mm: float
    kind: str = "text"  # a key of ALIGN

    @property
    def align(self) -> str:
        return ALIGN[self.kind]


ACTIVITY_COLUMNS = (
    Col("序号", 9, "seq"),
    Col("日期", 17, "date"),
    Col("时间", 22, "centre"),
    Col("活动类型", 18, "centre"),
    Col("活动名称", 38),
    Col("活动地点", 24),
    Col("主持人", 16, "centre"),
    Col("应到", 12, "count"),
    Col("实到", 12, "count"),
    Col("请假", 12, "count"),
)
SIGNIN_COLUMNS = (
    Col("序号", 10, "seq"),
    Col("姓名", 24),
    Col("类别", 12, "centre"),
    Col("签到时间", 17, "centre"),
    Col("签名", 48, "centre"),
    Col("签到方式", 17, "centre"),
    Col("备注", 52),
)
ROSTER_COLUMNS = (
    Col("序号", 9, "seq"),
    Col("姓名", 17),
    Col("性别", 8, "centre"),
    Col("民族", 11, "centre"),
    Col("出生年月", 15, "code"),
    Col("身份证号", 33, "code"),
    Col("原工作单位", 32),
    Col("原职务/职级", 22),
    Col("类别", 9, "centre"),
    Col("离退休时间", 17, "code"),
    Col("政治面貌", 15, "centre"),
    Col("所在党支部", 30),
    Col("联系电话", 22, "code"),
    Col("家庭住址", 27),
)
VISIT_COLUMNS = (
    Col("序号", 9, "seq"),
    Col("日期", 16, "date"),
    Col("走访对象", 26),
    Col("走访人", 32),
    Col("事由", 20, "centre"),
    Col("慰问品", 34),
    Col("慰问金（元）", 20, "money"),
    Col("走访情况", 62),
    Col("诉求与跟进", 48),
)
SERVICE_COLUMNS = (
    Col("序号", 9, "seq"),
    Col("日期", 16, "date"),
    Col("姓名", 20),
    Col("服务项目", 45),
    Col("服务角色", 22, "centre"),
    Col("服务内容", 105),
    Col("时长（小时）", 25, "hours"),
    Col("积分", 25, "hours"),
)
SERVICE_TOTAL_COLUMNS = (
    Col("序号", 9, "seq"),
    Col("姓名", 24),
    Col("所在党支部", 74),
    Col("服务次数", 26, "count"),
    Col("服务时长（小时）", 34, "hours"),
    Col("服务积分", 32, "hours"),
    Col("活动积分", 32, "hours"),
    Col("本月积分合计", 36, "hours"),
)
TYPE_COLUMNS = (
    Col("活动类型", 40),
    Col("场次", 22, "count"),
    Col("应到人次", 28, "count"),
    Col("实到人次", 28, "count"),
    Col("请假人次", 28, "count"),
    Col("出勤率", 34, "rate"),
)
REASON_COLUMNS = (Col("走访事由", 60), Col("次数", 40, "count"), Col("慰问金（元）", 80, "money"))
YEAR_COLUMNS = (
    Col("月份", 14, "centre"),
    Col("活动场次", 18, "count"),
    Col("应到人次", 19, "count"),
    Col("实到人次", 19, "count"),
    Col("出勤率", 18, "rate"),
    Col("走访次数", 18, "count"),
    Col("慰问金（元）", 26, "money"),
    Col("服务次数", 18, "count"),
    Col("服务时长（小时）", 30, "hours"),
)
#: 各驿站汇总: one row per station (landscape, the width of the page)
DISTRICT_COLUMNS = (
    Col("序号", 9, "seq"),
    Col("驿站", 56),
    Col("在册人数", 18, "count"),
    Col("活动场次", 18, "count"),
    Col("应到人次", 20, "count"),
    Col("实到人次", 20, "count"),
    Col("出勤率", 18, "rate"),
    Col("请假人次", 18, "count"),
    Col("走访次数", 18, "count"),
    Col("慰问金（元）", 26, "money"),
    Col("服务次数", 18, "count"),
    Col("服务时长（小时）", 28, "hours"),
)
