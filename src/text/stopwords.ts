/**
 * The default stop words: Chinese function words, plus words that appear in almost every enterprise need or
 * research abstract and so say nothing about which expert fits (需要, 企业, 技术, 研究, 基于, 进行 …), and the
 * English function words of mixed-language needs (the, of, for, we need …).
 * Punctuation never reaches the stop list: the analyzer keeps only Han, Latin and digit runs.
 * Change it with the `stopWords` option (`{ add, remove }`) or replace it entirely.
 *
 * @example
 * ```ts
 * STOP_WORDS.includes('需要') // true
 * new Matcher({ stopWords: { add: ['项目'], remove: ['技术'] } })
 * ```
 */
export const STOP_WORDS: readonly string[] = Object.freeze(
  `
的 地 得 了 着 过 和 与 及 或 并 且 而 以 于 为 对 在 从 向 把 被 将 由 其 之 该 此 这 那 各 每 某 本 也 都 又 还 就 才 只 即
是 有 无 不 没 要 会 能 可 让 使 给 用 做 等 中 上 下 内 外 前 后 间 里 个 种 项 类 些 年 月 日 一 二 三 我 你 他 她 它
台 套 件 次 家 名 位 批 余 约 万 元 万元 亿元 左右
我们 你们 他们 它们 我司 贵司 本司 以及 及其 或者 并且 而且 但是 但 如果 因为 所以 因此 从而 进而 以便 以下 以上 之一 之间
其中 其他 其它 这些 那些 这个 那个 这种 那种 一种 一个 一些 一批 一定 一般 各种 各类 多种 多个 若干 相关 有关 关于 对于
通过 利用 采用 使用 基于 根据 按照 结合 针对 围绕 面向 用于 进行 开展 实现 完成 提供 提出 提高 提升 加强 促进 推进 推动
需要 需求 急需 亟需 希望 寻求 寻找 征集 求购 拟 想 计划 打算 能够 可以 可能 应该 应当 已经 已 正在 目前 当前 现有 现在
存在 具有 具备 包括 包含 涉及 主要 重要 重点 关键 核心 基本 有效 较 较为 比较 更 最 很 非常 十分 大量 大批 少量 整体
企业 公司 单位 我单位 厂家 厂 集团 有限公司 股份 工厂 产品 项目 方面 领域 问题 情况 工作 方法 方式 手段 措施 方案 水平 能力
技术 研究 研发 开发 科研 合作 支持 服务 解决 帮助 协助 引进 对接 相应 实际 具体 相关性 新型 新 高 低 大 小 多 少
本文 文章 论文 结果 结果表明 表明 显示 分析 探讨 讨论 研究表明 试验 实验 介绍 阐述 综述 影响 作用 效果 情况下
a an the of and or for to in on at by with from as into is are be been was were it its this that these those
we our us you your they their i my me need needs require requires required want wants seek seeking looking
`
    .split(/\s+/)
    .filter(Boolean),
)
