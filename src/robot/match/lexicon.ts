import type { BuiltinIntent } from './intents.js';

/**
 * The built-in phrase lexicon of the rule engine (phrase syntax: see phrase-matcher.ts).
 * `negated` says what a negated hit means ("不太需要" → refuse, "没打错" → affirm); null drops the hit.
 * Entries with intent `none` are blockers: they take their span so that a shorter phrase inside them does not
 * fire ("不好意思" is not "不好"). `thanks` marks a polite closing: a bare "no" plus thanks is a refusal.
 * Common recogniser confusions are listed as such (在/再: "我再忙", 哪/那: "你是那里").
 */
export type LexiconIntent = BuiltinIntent | 'thanks';

export interface LexiconGroup {
  readonly intent: LexiconIntent;
  readonly negated: LexiconIntent | null;
  readonly words: readonly string[];
}

/** Splits a whitespace-separated word list; `_` stands for a space inside a Latin phrase ("no_thanks"). */
function w(list: string): readonly string[] {
  return list
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.replace(/_/g, ' '));
}

export const LEXICON: readonly LexiconGroup[] = [
  {
    intent: 'affirm',
    negated: 'negate',
    words: w(`
      =是 =对 =好 =行 =嗯 =要 =有 =中 =可以 =是的 =对的 =好的 =有的 =要的 =行的 =对对 =是是 =好好 =行行 =要要 =ok =okay =yes =yeah =yep
      =sure =好吧 =行吧 =好嘞 =得嘞 =可以的 =没错 =是滴 =对滴 =嗯哼 =有空 =在的 好的 是的 对的 可以 行吧 好吧 好嘞 没问题 没毛病 没错 了解了 明白 知道了 清楚了
      挺好 不错 可以的 ok 请讲 请说 你说 你讲 说吧 讲吧 讲讲 说说 介绍一下 介绍介绍 发过来 发给我 发我 加微信 加我微信 当然 好滴 好哒 好哦 =嗯呢 没意见 正需要 正好需要
      说来听听 =要得 得行 你安排 安排吧 =那好 =那行 那行吧 那好吧 =安排 =能 =知道 也行 也可以 正好 正想 约上 留一个 帮我留 试一次 试一节 听一节 听一次 听听 体验一下 去体验 就去 去看看 去试试 去听 =去 我们去 会还的 (帮我|给我|先)*(预留|留一个|留个|留着) 定了吧 就定了 那行 那就行 =成 =成啊 =那成 去呗 试试呗 试呗 这么定 这么办 麻烦你了 给我安排 帮我安排 帮我约 没(有|得|什么)问题 =好勒 =中啊
    `),
  },
  {
    intent: 'affirm',
    negated: 'refuse',
    words: w(`
      需要 须要 需求 有兴趣 感兴趣 想了解 想听 想学 想报 想试 想要 要报名 愿意 试试 试一下 考虑报名 报名吧 安排一下 可以试 有*兴趣 喜欢 爱学 想去
    `),
  },
  {
    intent: 'affirm',
    negated: 'wrong_person',
    words: w(`
      是我 我是 是本人 本人 我就是 就是我
    `),
  },
  {
    intent: 'affirm',
    negated: 'busy',
    words: w(`
      方便 有时间 有空
    `),
  },
  {
    intent: 'negate',
    negated: 'affirm',
    words: w(`
      =不 =不不 =没 =no =nope =不是 =不行 不是 不对 没有 ^没 ^还没 ^我没 ^我还没 不知道 不清楚 不认识 没印象 没听说 没听过 没收到 没注意 没见过 不记得 记不得
      没借过 没报过 搞错了 不行 不能 不可以 不太行 不大行 不怎么行 恐怕不行 不太可能
    `),
  },
  {
    intent: 'refuse',
    negated: 'affirm',
    words: w(`
      不需要 不须要 不用 不要 没兴趣 没什么兴趣 没啥兴趣 没多大兴趣 不感兴趣 没需求 没需要 算了 不考虑 不买 不学 不报 不办 不还 不想 不了 不必 用不着 用不上 不必要 别推销
      不要推销 找别人 没必要 不打算 拒绝 no_thanks 免了 不感冒 (兴趣|需要|需求)*(都没|也没|没有) 不用费心 先这样 不去 不参加 不听 不体验 不加 别发 学不过来 就够了 够多了 没法(还|去|学|弄) 不要推荐 爱怎(么|)样*怎(么|)样 爱怎么怎么 随你们便 随便你(们|) 不搞 不弄 不整 不约 不花这(个|)钱 别(说|讲|介绍|推荐|讲解)了 不用(说|讲|介绍)了 不让*学 不给*报 没打算 不准备 去起诉 随便起诉 (去|随便|爱)告 不管了 还不(上|起)
    `),
  },
  {
    intent: 'busy',
    negated: 'affirm',
    words: w(`
      在忙 再忙 忙着 有点忙 很忙 太忙 正忙 忙呢 在开会 开会呢 开着会 在开车 再开车 开车呢 开着车 正开车 在上班 上班呢 在上课 在吃饭 吃饭呢 在睡觉 睡觉呢 在高速 高速上 不方便
      没空 没时间 没工夫 有事 晚点再打 晚点打 晚点再说 晚点联系 晚些再 稍后联系 稍后再打 一会儿打 一会打 一会再打 一会儿再打 等会儿再说 等会再说 等下再说 等一下再说 等会打 回头再说
      回头打 回头联系 改天 下午再打 明天再打 晚上再打 过几天再说 下次再说 再打过来 有空再 空了再 不是时候 在外面忙 在工作 在干活 =忙 ^忙 这会儿忙 现在忙 再打吧 再联系吧 后再打
      后再说 稍后 晚一点 回头聊 在*(吃饭|开会|开车|上课|上班|忙|地铁|公交|车上|路上|外地|出差|工地|厂里|店里|飞机|高铁|火车|加班) 出差 晚点(说|聊|打|联系) 在医院 办事 在外(面|边)
    `),
  },
  {
    intent: 'hesitate',
    negated: null,
    words: w(`
      考虑 想想 想一想 商量 看看吧 看看再说 再看看 再说吧 =再说 到时候再说 到时候 不确定 没想好 还没想好 说不好 说不准 看情况 可能吧 也许 不一定 再比较 比较一下 比较比较 不着急
      不急 研究研究 研究一下 问问我 问一下我 犹豫 回头看看 再想 不好说 问(问|一下)~(孩子|他|家|老公|老婆|爱人) 一下再说 怎么说呢 做不了主 拿不定主意 拿不准 定不了 琢磨 斟酌 (回家|回去)*问 问问*(老公|老婆|孩子|他爸|他妈|家里|家人|爱人) 跟**(说一下|说说|商量)
      过段时间 过一段时间 以后再说 不太好决定 不好决定 先了解 了解了解 先不定 不定了 再说 等**再说 想一下 有需要**(联系|找你|打给) 再联系 (看|问|不知道)**(愿不愿意|想不想|喜不喜欢|要不要|肯不肯) 先看看 得看 没定 还没定 看孩子 等等再说
    `),
  },
  {
    intent: 'repeat',
    negated: null,
    words: w(`
      =什么 =啥 =喂 =喂喂 =哈 =what =sorry =pardon 说什么 说啥 说的啥 说的什么 你(说|讲)(啥|什么) 你(说|讲)的(啥|什么) 讲啥 讲什么 没听清 听不清
      听不太清 听不见 听不到 没听到 没听见 没听明白 没听懂 再说一遍 再说一次 再讲一遍 再讲一次 重复一下 再说一下 大声点 大点声 说慢点 慢点说 什么意思 啥意思 刚才说 信号不好
      声音太小 =什么东西 说清楚 再来一遍
    `),
  },
  {
    intent: 'who_are_you',
    negated: 'who_are_you',
    words: w(`
      你是谁 是谁 哪位 你是哪 你是那里 你哪里 你们哪里 哪里打来 哪里打的 哪个公司 什么公司 哪家公司 哪家 哪个单位 什么单位 什么机构 哪个机构 什么平台 哪个平台 干什么的 干嘛的
      做什么的 你是机器人 机器人吗 是机器人 你是真人 是真人吗 真人还是 人工还是 是不是真人 是不是机器人 录音吗 你是ai 是ai吗 叫什么名字 你是*(银行|公司|平台|机构|学校)
      你们是谁 怎么称呼 什么人 是人工 你是人 你谁 =谁 ^谁(啊|呀) 请问你是 =你是 你们是哪 哪里的 =干嘛 干啥 推销 培训机构 什么情况 啥情况 =你哪 =哪个 =哪里 =哪位 你哪个 你们谁 =谁你 =谁你是 你哪的 =哪的 你是哪个
    `),
  },
  {
    intent: 'who_are_you',
    negated: null,
    words: w(`
      (什么|啥)事 有事吗 有啥事 有什么事 怎么了 怎么啦 找我(什么|啥|干嘛|有)
    `),
  },
  {
    intent: 'price',
    negated: 'price',
    words: w(`
      多少钱 钱多少 什么价 价格 价钱 价位 收费 费用 学费 报名费 贵不贵 太贵 有点贵 挺贵 好贵 真贵 很贵 便宜 优惠 折扣 打折 免费 交钱 花多少 要钱 利息 手续费 押金 几千块
      多少块 怎么算钱 收钱 罚息 违约金 滞纳金 年化 不要钱 不收钱 不收费 不花钱
    `),
  },
  {
    intent: 'how_got_number',
    negated: 'how_got_number',
    words: w(`
      怎么有我*(电话|号码|手机|联系方式) 哪来的*(电话|号码|手机|信息) 哪里来的*(电话|号码|手机|信息) 谁给你*(电话|号码|手机) 从哪*(电话|号码|手机|信息) 从哪里弄
      从哪搞 从哪里搞 从哪弄 怎么知道我 泄露 谁把我*(号码|电话) (号码|电话)*谁给 怎么会有我 怎么弄到我 哪里弄到
      (电话|号码|手机号|信息|联系方式)*(怎么|哪|谁)*(来|拿|得到|弄|搞|告诉|给)
      (谁|怎么|哪里|哪)*(来|拿|得|弄|搞|告诉|给|知道)*(电话|号码|手机号|信息|联系方式)
    `),
  },
  {
    intent: 'dont_call',
    negated: 'dont_call',
    words: w(`
      别再*打 别*打*电话 别打了 别打电话 不要再打 不要打了 不要*打电话 以后别打 别再联系 不要联系我 不要再联系 别联系我 不准再打 不许再打 别给我打 不要给我打 投诉 举报 报警 骚扰
      拉黑 号码删 删了 删掉 天天打 老是打 总是打 打了好多次 打了多少次 烦不烦 烦死了 别烦我 再打*(投诉|举报|报警) 别打扰 不要打扰 不要再*打扰 一直打 还打 还在打 别*打了 不要*打了 不要再来电 别再来电 来电话了 别老打 有完没完
    `),
  },
  {
    intent: 'wrong_person',
    negated: 'affirm',
    words: w(`
      打错了 打错 找错人 找错了 不是本人 我不是他 我不是她 不是他的 不是她的 我不是*(先生|女士|小姐|老师|总|经理) 他不在 她不在 人不在 没这个人 没有这个人 不认识这个人 不认识他
      不认识她 刚换的 新办的 换号了 他出去了 她出去了 不叫这个名字 我不叫 我是他*(老婆|老公|同事|朋友|家人|妈|爸|儿子|女儿|爱人)
      我是她*(老婆|老公|同事|朋友|家人|妈|爸|儿子|女儿|爱人) 不是*要找的 换人了 不用这个(号|电话|手机) 我不姓 不是他本人 不是她本人 (这个人|这人)*不认识 没这人 不认识*这(个|)人 =不认识 =我不认识 =都不认识 (新|刚)(换|办|买)的 没(有|)*这(个|)人 不用这个号 不是他的了 不是他的号
      我是他*(媳妇|哥|姐|弟|妹|家属|亲戚|邻居|室友|同学) 没(有|)(小孩|孩子) 刚办的
    `),
  },
  {
    intent: 'answering_machine',
    negated: 'answering_machine',
    words: w(`
      您拨打的 拨打的电话 拨打的用户 拨打的号码 无法接通 稍后再拨 已关机 是空号 已停机 正在通话中 提示音后 声后留言 请留言 留言 请按 欢迎致电 智能助理 ai秘书 智能秘书 语音助手
      机主 暂时无法接听 对方正忙 subscriber power_off not_reachable voicemail 不在服务区 呼叫转移 语音信箱 无人接听 not_available
      number_you_dialed you_have_dialed 私人助理 录制留言
    `),
  },
  {
    intent: 'thanks',
    negated: null,
    words: w(`
      谢谢 =thanks =thank_you =thx 多谢 感谢
    `),
  },
  {
    intent: 'none',
    negated: null,
    words: w(`
      不好意思 没关系 不客气 你好 您好 没事 不会吧 是不是 对不起
    `),
  },
];
