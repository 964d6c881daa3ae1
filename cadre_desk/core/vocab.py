"""Closed vocabularies: the codes stored in the database and the words printed for them.

Labels are the terms used on the stations' paper ledgers (see ``domain.md``).
"""

from __future__ import annotations

from collections.abc import Mapping

SEX = {"M": "男", "F": "女"}
CATEGORIES = {"lixiu": "离休", "tuixiu": "退休"}
ACTIVITY_CLASSES = {
    "normal": "正常活动",
    "partial": "适当参加集中活动",
    "exempt": "免予参加集中活动",
    "away": "流动在外",
}
REPORT_STATUSES = {"reported": "已报到", "not_reported": "未报到"}
PERSON_STATUSES = {"active": "在册", "deceased": "已故", "moved": "迁出"}
CHECKIN_STATUSES = {"signed": "已签到", "proxy": "代签", "leave": "请假", "absent": "缺席"}
CHECKIN_METHODS = {"keyboard": "键盘", "scan": "扫码", "pad": "手写板", "paper": "纸质签到表"}
VISIT_REASONS = {
    "festival": "节日慰问",
    "birthday": "生日慰问",
    "hospital": "生病住院看望",
    "hardship": "困难帮扶",
    "routine": "日常走访",
    "study": "送学上门",
    "other": "其他",
}
ROLES = {"admin": "管理员", "operator": "操作员", "readonly": "只读"}
ORG_LEVELS = {"district": "区", "street": "街道/镇", "community": "社区/村", "grid": "片区网格"}
INSTALL_KINDS = {"station": "驿站", "district": "区老干部局"}
CARE_FLAGS = {
    "care_serious_illness": "身患重病",
    "care_major_change": "家庭重大变故",
    "care_living_alone": "独居",
    "care_empty_nest": "空巢",
    "care_disabled": "失能",
}
DEFAULT_ACTIVITY_TYPES = ["学习教育", "主题党日", "文体活动", "志愿服务", "宣讲", "健康讲座", "走访慰问", "其他"]
VOLUNTEER_FIELDS = [
    "志愿先锋",
    "公共文明",
    "社会治理",
    "社会关爱",
    "文化科技",
    "教育体育",
    "医疗卫生",
    "社区服务",
    "环境美化",
]
#: talent tags offered for the 银色人才库 (people may carry others too)
TALENT_TAGS = ["红色宣讲员", "文体活动指导员", "党建指导员", "教育", "卫生", "法律", "科技", "文化", "专家"]
#: roles in volunteer service the points scheme commonly rewards (an open list)
SERVICE_ROLES = ["银龄议事", "银龄入网", "民事调解", "心理疏导", "法律咨询", "红色宣讲", "文明劝导", "结对帮扶"]
#: the points scheme a new station starts with (an administrator changes it in 设置)
DEFAULT_POINTS_PER_HOUR = "1"
DEFAULT_POINTS_PER_ACTIVITY = {
    "学习教育": "2",
    "主题党日": "2",
    "宣讲": "2",
    "文体活动": "1",
    "健康讲座": "1",
    "志愿服务": "1",
}
DEFAULT_POINTS_PER_ROLE = {"银龄议事": "3", "民事调解": "3", "红色宣讲": "3", "法律咨询": "2", "心理疏导": "2"}
POINTS_KINDS = {"hour": "每服务 1 小时", "activity_type": "参加一次活动", "role": "担任服务角色一次"}
PARTY_MEMBER_STATUSES = frozenset({"中共党员", "中共预备党员"})


def code_for(vocab: Mapping[str, str], value: str | None) -> str | None:
    """The code for a label or a code (``"离休"`` or ``"lixiu"`` → ``"lixiu"``); None if unknown."""
    if value is None:
        return None
    value = value.strip()
    if value in vocab:
        return value
    for code, label in vocab.items():
        if label == value:
            return code
    return None
