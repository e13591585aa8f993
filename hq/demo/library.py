"""The demo content library: posters, pictures, product cards, scripts, videos and links."""

from __future__ import annotations

from dataclasses import dataclass

from guide_app.protocol import ContentKind, LifecycleStage, ProductInfo
from hq.demo.media import PosterText

# --------------------------------------------------------------------------- content library


@dataclass(frozen=True)
class DemoContent:
    """One library item. SOPs and tasks refer to it by `key`; `window` is (from, until) in days from today."""

    key: str
    kind: ContentKind
    title: str
    body: str = ""
    tags: tuple[str, ...] = ()
    campaign: str = ""
    picture: PosterText | None = None
    slides: tuple[PosterText, ...] = ()  # a video's slides
    product: ProductInfo | None = None
    link_url: str | None = None
    window: tuple[int, int] | None = None
    regions: tuple[str, ...] = ()
    stores: tuple[str, ...] = ()
    stages: tuple[LifecycleStage, ...] = ()  # the customers' stages it suits; none: any


NEW, ACTIVE, DORMANT, LOST = (
    LifecycleStage.new,
    LifecycleStage.active,
    LifecycleStage.dormant,
    LifecycleStage.lost,
)


def _poster(
    key: str,
    title: str,
    picture: PosterText,
    tags: tuple[str, ...],
    window: tuple[int, int] | None = None,
    stores: tuple[str, ...] = (),
) -> DemoContent:
    return DemoContent(
        key,
        ContentKind.poster,
        title,
        body=picture.body,
        tags=tags,
        campaign=picture.campaign,
        picture=picture,
        window=window,
        stores=stores,
    )


def _image(key: str, title: str, picture: PosterText, tags: tuple[str, ...]) -> DemoContent:
    return DemoContent(
        key,
        ContentKind.image,
        title,
        body=picture.subtitle,
        tags=tags,
        campaign=picture.campaign,
        picture=picture,
    )


def _product(
    sku: str, name: str, yuan: int, selling_points: str, pitch: str, tags: tuple[str, ...], campaign: str = ""
) -> DemoContent:
    price_fen = yuan * 100
    picture = PosterText(name, selling_points, price_fen=price_fen, campaign=campaign)
    return DemoContent(
        f"product.{sku}",
        ContentKind.product_card,
        name,
        body=pitch,
        tags=tags,
        campaign=campaign,
        picture=picture,
        product=ProductInfo(sku=sku, name=name, price_fen=price_fen),
    )


def _script(
    key: str,
    title: str,
    body: str,
    tags: tuple[str, ...],
    campaign: str = "",
    window: tuple[int, int] | None = None,
    regions: tuple[str, ...] = (),
    stages: tuple[LifecycleStage, ...] = (),
) -> DemoContent:
    return DemoContent(
        key,
        ContentKind.script,
        title,
        body=body,
        tags=tags,
        campaign=campaign,
        window=window,
        regions=regions,
        stages=stages,
    )


POSTERS = (
    _poster(
        "poster.d11.down",
        "双11预热｜羽绒服早鸟价海报",
        PosterText(
            "羽绒服早鸟价",
            "付定金50元抵150元 · 11月1日起付尾款",
            "90%白鹅绒，充绒量180g，零下15度依然轻暖。会员叠加店铺满1000减150，黑金会员再享专属9.5折。"
            "预约到店试穿，还可领取限量羊毛围巾一条。",
            89900,
            "双11预热",
        ),
        ("双11预热", "羽绒服", "购买"),
        window=(-2, 20),
    ),
    _poster(
        "poster.d11.early",
        "双11预热｜会员提前购海报",
        PosterText(
            "会员提前购",
            "10月31日晚8点 会员专场抢先开售",
            "银卡及以上会员可提前4小时下单，爆款库存优先锁定。找您的专属导购登记尺码，开售即留货，不用熬夜拼手速。",
            campaign="双11预热",
        ),
        ("双11预热", "会员", "认知"),
        window=(-2, 20),
    ),
    _poster(
        "poster.d11.rules",
        "双11预热｜满减攻略海报",
        PosterText(
            "满1000减150",
            "跨品类可叠加 · 上不封顶",
            "全场正价商品参与满减：满1000减150，满2000减300，以此类推。会员积分可抵现，100积分抵1元；"
            "小程序下单、门店自提同样享受。",
            campaign="双11预热",
        ),
        ("双11预热", "获取信息"),
        window=(-2, 20),
    ),
    _poster(
        "poster.member.points",
        "会员日｜双倍积分海报",
        PosterText(
            "会员日",
            "每周二、周四 全场双倍积分",
            "会员日当天到店或在小程序下单，消费即享双倍积分；积分可兑换羊毛围巾、干洗券等礼品。"
            "金卡、黑金会员另享免费改衣服务。",
            campaign="会员日",
        ),
        ("会员日", "会员"),
    ),
    _poster(
        "poster.member.gold",
        "会员日｜金卡黑金专享9折海报",
        PosterText(
            "金卡黑金 专享9折",
            "会员日限定 · 新品同样参与",
            "每周二、周四会员日，金卡会员全场9折、黑金会员8.8折，可与双倍积分同享。"
            "提前告诉导购想试的款式和尺码，到店直接试穿。",
            campaign="会员日",
        ),
        ("会员日", "金卡", "黑金"),
    ),
    _poster(
        "poster.winter.goose",
        "冬季新品｜白鹅绒长款羽绒服海报",
        PosterText(
            "长款白鹅绒 暖到膝盖",
            "冬季新品 · 90%白鹅绒 · 防泼水面料",
            "过膝长度，连帽可拆卸；面料防泼水，雨夹雪也不怕。黑色、燕麦、雾蓝三色，S到XXL全码到店。",
            259900,
            "冬季新品",
        ),
        ("冬季新品", "羽绒服", "评估"),
    ),
    _poster(
        "poster.winter.cashmere",
        "冬季新品｜羊绒大衣海报",
        PosterText(
            "一件羊绒大衣 穿十年",
            "内蒙古阿拉善白山羊绒 · 双面手工缝制",
            "100%山羊绒，单件重量不到1公斤，轻、暖、不起球。经典落肩版型，驼色与藏青两色，"
            "支持门店免费改袖长。",
            299900,
            "冬季新品",
        ),
        ("冬季新品", "大衣", "评估"),
    ),
    _poster(
        "poster.winter.knit",
        "冬季新品｜针织叠穿海报",
        PosterText(
            "针织叠穿 三套公式",
            "一件针织衫，通勤约会都好看",
            "公式一：圆领针织衫+衬衫领外翻；公式二：开衫+连衣裙+细腰带；公式三：高领打底+长款大衣。"
            "到店试穿，导购帮您现场搭配。",
            69900,
            "冬季新品",
        ),
        ("冬季新品", "针织衫", "认知"),
    ),
    _poster(
        "poster.newyear",
        "年货节｜新年红海报（下月上线）",
        PosterText(
            "新年红 好运穿上身",
            "年货节 · 红色系单品满2件8.8折",
            "红色羊毛围巾、红色针织衫、红色羽绒马甲，全家人的新年战袍一次配齐。会员再送新春红包一份。",
            campaign="年货节",
        ),
        ("年货节", "认知"),
        window=(10, 40),
    ),
    _poster(
        "poster.preview.sh001",
        "周末预览会｜南京西路店邀请函",
        PosterText(
            "周末 新品预览会",
            "本周六 14:00–18:00 · 南京西路店二楼",
            "冬季新品抢先试穿，造型师一对一搭配建议；到场即送暖手宝一只，下单享预览会专属礼。名额有限，请提前向导购预约。",
            campaign="周末预览会",
        ),
        ("周末预览会", "邀约"),
        window=(-1, 6),
        stores=("SH001",),
    ),
    _poster(
        "poster.birthday",
        "生日礼遇海报",
        PosterText(
            "生日快乐",
            "生日当月 会员专享礼遇",
            "生日当月到店出示会员码，领取生日礼一份；当月消费享双倍积分，金卡及以上会员再赠100元无门槛券。",
            campaign="生日礼遇",
        ),
        ("生日礼遇", "会员"),
    ),
    _poster(
        "poster.autumn.clearance",
        "秋季清仓｜最后三天海报（已过期）",
        PosterText(
            "秋季清仓 最后三天",
            "秋款低至5折 · 售完即止",
            "风衣、薄针织、长袖衬衫最后一批，门店现货有限，建议先跟导购确认尺码再到店。",
            campaign="秋季清仓",
        ),
        ("秋季清仓",),
        window=(-30, -1),
    ),
)

IMAGES = (
    _image(
        "image.look.commute",
        "穿搭图｜通勤：大衣+针织衫",
        PosterText(
            "通勤穿搭：大衣+针织衫", "驼色双面大衣 · 燕麦色高领针织衫 · 直筒西裤", campaign="冬季新品"
        ),
        ("穿搭", "大衣", "针织衫"),
    ),
    _image(
        "image.look.weekend",
        "穿搭图｜周末：羽绒服+卫衣",
        PosterText("周末穿搭：短款羽绒服", "轻薄羽绒服 · 加绒连帽卫衣 · 束脚运动裤", campaign="冬季新品"),
        ("穿搭", "羽绒服", "运动休闲"),
    ),
    _image(
        "image.detail.down",
        "细节图｜羽绒服防跑绒走线",
        PosterText("细节：羽绒服防跑绒走线", "90%白鹅绒 · 充绒量180g · 防钻绒面料 · 立体分仓"),
        ("羽绒服", "评估"),
    ),
    _image(
        "image.care.down",
        "洗护图｜羽绒服洗涤四步",
        PosterText("羽绒服洗护四步", "30度以下手洗 · 中性洗涤剂 · 平铺晾干 · 拍打蓬松"),
        ("羽绒服", "购后", "洗护"),
    ),
    _image(
        "image.size.tops",
        "尺码图｜女装上衣尺码参考",
        PosterText("尺码参考：女装上衣", "S 155/80A · M 160/84A · L 165/88A · XL 170/92A · XXL 175/96A"),
        ("尺码", "评估"),
    ),
    _image(
        "image.look.dress",
        "穿搭图｜碎花连衣裙+针织开衫",
        PosterText("碎花连衣裙 叠穿开衫", "外搭短款针织开衫，配小白鞋，早春通勤不冷", campaign="春季上新"),
        ("穿搭", "连衣裙"),
    ),
)

PRODUCTS = (
    _product(
        "DJ-W2301",
        "轻薄白鸭绒羽绒服",
        899,
        "90%白鸭绒 · 可收纳成小包 · 6色可选",
        "出差通勤都能带，收起来只有一个水杯大。内搭针织衫正好，建议拿平时尺码。",
        ("羽绒服", "冬季新品"),
        "冬季新品",
    ),
    _product(
        "DJ-W2302",
        "90白鹅绒长款羽绒服",
        2599,
        "过膝长款 · 可拆连帽 · 防泼水",
        "北方客户和怕冷的客户首推；双11预热期付定金50抵150。",
        ("羽绒服", "双11预热"),
        "双11预热",
    ),
    _product(
        "DY-W2311",
        "双面羊毛大衣",
        1899,
        "意大利进口羊毛面料 · 落肩廓形 · 驼色/藏青/燕麦",
        "双面呢没有里衬，上身轻；喜欢大衣的老客可以推荐燕麦色。",
        ("大衣", "冬季新品"),
        "冬季新品",
    ),
    _product(
        "DY-W2312",
        "100%羊绒大衣",
        2999,
        "阿拉善白山羊绒 · 手工双面缝制",
        "黑金、金卡客户重点推荐，门店可免费改袖长。",
        ("大衣", "冬季新品", "黑金"),
        "冬季新品",
    ),
    _product(
        "ZZ-W2321",
        "羊绒混纺圆领针织衫",
        699,
        "30%羊绒 · 不扎身 · 机洗不变形",
        "叠穿百搭款，搭配大衣成交率最高；8个颜色，建议一次推荐两色。",
        ("针织衫", "冬季新品"),
        "冬季新品",
    ),
    _product(
        "KZ-A2331",
        "高腰直筒牛仔裤",
        399,
        "弹力棉 · 高腰显瘦 · 九分长度",
        "尺码偏正，腰围在两个码之间的客户建议拿大一码。",
        ("裤装",),
    ),
    _product(
        "LY-S2341",
        "法式碎花连衣裙",
        599,
        "桑蚕丝混纺 · 收腰A字 · 可外搭开衫",
        "早春上新款，适合喜欢连衣裙的客户；搭配针织开衫一起推荐。",
        ("连衣裙", "春季上新"),
        "春季上新",
    ),
    _product(
        "CS-A2351",
        "纯棉免烫衬衫",
        299,
        "新疆长绒棉 · 免烫 · 男女同款",
        "通勤刚需，老客复购最多的一款；团购5件以上可以找店长申请折扣。",
        ("衬衫",),
    ),
    _product(
        "WY-W2361",
        "加绒连帽卫衣",
        259,
        "内里加绒 · 宽松版型 · 情侣款",
        "年轻客户和直播来的客户转化好；满2件可参加双11满减。",
        ("运动休闲", "双11预热"),
        "双11预热",
    ),
    _product(
        "PS-W2371",
        "真丝印花围巾",
        199,
        "100%桑蚕丝 · 90×90cm · 礼盒包装",
        "会员日加购首选，也是生日礼物的好推荐。",
        ("配饰", "会员日"),
        "会员日",
    ),
    _product(
        "KZ-W2332",
        "羊毛混纺阔腿裤",
        499,
        "50%羊毛 · 垂感好 · 高腰",
        "搭配大衣和针织衫都好看，梨形身材客户优先推荐。",
        ("裤装", "冬季新品"),
        "冬季新品",
    ),
    _product(
        "CF-W2381",
        "三合一防泼水冲锋衣",
        1299,
        "外层防泼水 · 内胆抓绒可拆 · 三季可穿",
        "户外和通勤两用，男客户成交率高；双11期间满1000减150。",
        ("运动休闲", "双11预热"),
        "双11预热",
    ),
)

SCRIPTS = (
    _script(
        "script.welcome",
        "新客欢迎语（加好友后第一句）",
        "您好，我是您的专属导购，刚刚在店里加了您的微信。以后新品到店、会员活动、尺码和洗护问题都可以直接找我。\n"
        "送您一份新客礼：首次消费满500元立减50元，30天内有效。\n"
        "方便的话告诉我您平时穿什么尺码、喜欢什么风格，有合适的新款我第一时间发您看看。",
        ("新客", "认知"),
        stages=(NEW,),
    ),
    _script(
        "script.size",
        "尺码推荐话术",
        "亲，这款是修身版型，平时穿M的话建议拿M；如果里面要搭厚毛衣，可以大一码选L。\n"
        "方便告诉我您的身高体重吗？我帮您对一下尺码表，保证一次买对。不合适7天内可以到任意门店换码。",
        ("尺码", "评估"),
        stages=(NEW, ACTIVE),
    ),
    _script(
        "script.care.down",
        "购后提醒：羽绒服洗护",
        "姐，羽绒服穿之前先拍一拍，让它蓬松起来更保暖。\n"
        "平时尽量少水洗，局部脏了用温水加中性洗涤剂轻轻擦；整件洗的话30度以下手洗，或用洗衣机的羽绒模式，"
        "不要拧干，平铺晾干后用手拍打蓬松。收纳时不要真空压缩。\n有任何问题随时找我，门店也提供专业干洗。",
        ("羽绒服", "购后", "洗护"),
        stages=(ACTIVE,),
    ),
    _script(
        "script.followup.fit",
        "购后回访：尺码合适吗？",
        "姐，您好！前几天您带走的那件衣服穿着还合适吗？袖长和肩宽有没有哪里不舒服？\n"
        "如果需要改衣或换码，7天内带上小票到店就可以，我先帮您把尺码留好。也欢迎把上身照发我，我帮您看看怎么搭更好看。",
        ("购后", "回访"),
        stages=(ACTIVE,),
    ),
    _script(
        "script.member.day",
        "会员日邀约话术",
        "姐，明天是我们的会员日，全场消费双倍积分，金卡、黑金会员还能叠加专享折扣。\n"
        "最近到了几款新的羊毛大衣，我先帮您留了常穿的尺码，您方便几点过来？我提前把试衣间准备好。",
        ("会员日", "邀约"),
        campaign="会员日",
        stages=(ACTIVE, DORMANT),
    ),
    _script(
        "script.birthday",
        "生日祝福话术",
        "姐，提前祝您生日快乐！\n生日当月到店出示会员码可以领一份生日礼，当月消费积分翻倍；"
        "金卡及以上会员还有一张100元无门槛券，已经放进您的会员账户了。有空来店里坐坐，给自己挑件礼物。",
        ("生日礼遇", "会员"),
        campaign="生日礼遇",
        stages=(ACTIVE, DORMANT, LOST),
    ),
    _script(
        "script.wake.dormant",
        "沉睡客户唤醒话术",
        "姐，好久没见您了，最近还好吗？店里上了冬季新款，想到您之前很喜欢我们家的大衣，"
        "这次新到的双面羊毛款版型更利落，挺适合您的。\n这周到店试穿送一张干洗券；您要是忙，我也可以先拍上身视频给您看看。",
        ("唤醒", "沉睡"),
        stages=(DORMANT, LOST),
    ),
    _script(
        "script.d11.rules",
        "双11预热：定金与尾款说明",
        "双11活动说明给您整理好了：\n1. 10月20日至10月31日付定金，50元抵150元；\n"
        "2. 11月1日晚8点付尾款，可叠加满1000减150；\n3. 会员积分可抵现，100积分抵1元；\n"
        "4. 定金不退，但尺码不合适可以在11月20日前换码。\n您看中哪几款告诉我，我帮您算一下到手价。",
        ("双11预热", "获取信息"),
        campaign="双11预热",
        window=(-2, 20),
        stages=(NEW, ACTIVE, DORMANT),
    ),
    _script(
        "script.objection.price",
        "价格异议：“有点贵”",
        "理解您的顾虑。这件是90%白鹅绒，充绒量180g，同样保暖度的款式其他品牌普遍要贵三五百；"
        "按一件穿五个冬天算，每天不到两块钱。\n现在会员日还能叠加折扣和双倍积分，是今年最划算的时候。要不您先试一下上身效果？",
        ("异议处理", "评估"),
        stages=(NEW, ACTIVE),
    ),
    _script(
        "script.preview.invite",
        "周末预览会邀约话术",
        "姐，这周六下午2点到6点我们店有冬季新品预览会，新款比正式上架早一周试穿，还有造型师现场帮忙搭配，"
        "到场送暖手宝。\n我给您留了一个名额，您几点方便过来？",
        ("周末预览会", "邀约"),
        campaign="周末预览会",
        window=(-1, 6),
        stages=(ACTIVE, DORMANT),
    ),
    _script(
        "script.exchange",
        "退换货说明",
        "亲，我们支持7天无理由退换：吊牌完好、未洗涤未穿着，带上小票或在小程序出示订单即可，任意门店都能办理。\n"
        "换码换色都没问题；如果是质量问题，30天内免费退换，运费由我们承担。",
        ("售后", "购后"),
        stages=(ACTIVE,),
    ),
    _script(
        "script.referral",
        "老带新：推荐有礼",
        "姐，谢谢您一直照顾我们生意！现在有个老带新活动：您推荐朋友加我微信，朋友首单立减100元，"
        "您也能拿到200积分和一张50元券。\n朋友来店报您的名字就行，我会好好接待。",
        ("老带新", "会员"),
        stages=(ACTIVE,),
    ),
    _script(
        "script.south.humid",
        "华南区｜回南天衣物保养提醒",
        "姐，这几天回南天，空气特别潮，给您提个醒：羊毛大衣、针织衫不要直接挂在衣柜里闷着，"
        "最好套上防尘袋，再放几包除湿袋；羽绒服穿完先在开了除湿的房间里晾一晚再收。\n"
        "衣服有霉点的话别自己处理，带到店里我们免费帮您做护理。",
        ("洗护", "购后"),
        regions=("华南区",),
        stages=(ACTIVE,),
    ),
    _script(
        "script.live",
        "直播预告话术",
        "姐，今晚8点我们小程序直播间有冬季新品专场，主播现场试穿羽绒服和大衣，直播间专属券满800减100，只有今晚能用。\n"
        "点我发的小程序链接就能预约，开播会提醒您。",
        ("直播", "冬季新品"),
        campaign="冬季新品",
        window=(0, 3),
        stages=(NEW, ACTIVE, DORMANT),
    ),
)

WINTER = "冬季新品"


def _video(
    key: str, title: str, body: str, tags: tuple[str, ...], slides: tuple[tuple[str, str], ...]
) -> DemoContent:
    """A short clip of winter looks: one slide (title, subtitle) every two seconds."""
    pictures = tuple(PosterText(slide_title, subtitle, campaign=WINTER) for slide_title, subtitle in slides)
    return DemoContent(key, ContentKind.video, title, body=body, tags=tags, campaign=WINTER, slides=pictures)


VIDEOS = (
    _video(
        "video.down.styling",
        "短视频｜羽绒服三种穿搭",
        "三套羽绒服穿搭，每套2秒，适合发朋友圈或私聊发给喜欢羽绒服的客户。",
        ("羽绒服", "穿搭", WINTER),
        (
            ("通勤穿搭 长款羽绒服", "黑色长款羽绒服 · 高领针织衫 · 直筒西裤"),
            ("周末穿搭 短款羽绒服", "燕麦色短款羽绒服 · 加绒卫衣 · 运动裤"),
            ("约会穿搭 羽绒服配裙", "雾蓝色中长款羽绒服 · 针织连衣裙 · 短靴"),
        ),
    ),
    _video(
        "video.knit.layering",
        "短视频｜针织衫叠穿教程",
        "针织衫叠穿两套公式，配合“针织叠穿”海报一起发。",
        ("针织衫", "穿搭"),
        (
            ("公式一 衬衫领外翻", "圆领针织衫里搭衬衫，领子翻出来"),
            ("公式二 开衫配连衣裙", "短款开衫配连衣裙，再加一根细腰带"),
        ),
    ),
)

LINKS = (
    DemoContent(
        "link.mall",
        ContentKind.link,
        "小程序商城首页",
        body="线上下单、门店自提或快递到家，业绩同样算到您名下。",
        tags=("小程序", "购买"),
        link_url="https://shop.example.com/mini/home",
    ),
    DemoContent(
        "link.member",
        ContentKind.link,
        "会员权益说明",
        body="普通、银卡、金卡、黑金四级会员的积分、折扣与生日礼说明。",
        tags=("会员",),
        link_url="https://shop.example.com/member/benefits",
    ),
    DemoContent(
        "link.live",
        ContentKind.link,
        "今晚直播间预约",
        body="冬季新品直播专场，预约后开播提醒。",
        tags=("直播", WINTER),
        campaign=WINTER,
        link_url="https://shop.example.com/live/winter-new",
        window=(0, 3),
    ),
)

CONTENT = (*POSTERS, *IMAGES, *PRODUCTS, *SCRIPTS, *VIDEOS, *LINKS)
