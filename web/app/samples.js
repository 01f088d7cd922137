// Example inputs behind the "例文を入れる" / "Load an example" buttons.

export const SAMPLE_POST = {
  ja: `【急募】ブログ記事の作成をお願いします

はじめまして。美容系のメディアを運営している者です。
スキンケアに関する記事を書いていただける方を募集しています。

・内容：おすすめの化粧水の紹介記事
・文字数：1記事3000文字程度
・納期：なるべく早く

いい感じにまとめていただければ大丈夫です。
詳しくはLINEでお話ししましょう！ID: beauty_media2024
お急ぎの方は 090-1234-5678 までお電話ください。`,
  en: `[Urgent] Blog articles wanted

Hi, I run a beauty media site and I'm looking for a writer for skincare articles.

- Topic: recommended lotions
- Length: about 1,500 words per article
- Deadline: ASAP

Just make it look nice.
Let's talk details on LINE! ID: beauty_media2024
Or call me at 090-1234-5678.`,
};

export const SAMPLE_MESSAGE = {
  ja: `ご提案ありがとうございます！ぜひお願いしたいです。
手数料がもったいないので、今回は直接お振込みでもよろしいでしょうか？
連絡は０９０－１２３４－５６７８（携帯）までお願いします。`,
  en: `Thanks for your proposal, I'd love to work with you!
To save the fees, could I pay you directly by bank transfer this time?
Please reach me at 090-1234-5678 (mobile).`,
};

export const SAMPLE_THREAD = {
  ja: {
    post: `【ロゴ制作】カフェの新店舗のロゴを作成してください。
納期：12月15日
予算：30,000円
修正：2回まで
成果物：AI形式とPNG形式のデータ`,
    stage: "after_escrow", mode: "project", platform: "lancers", me: "client",
    messages: [
      { from: "freelancer", at: "2026-11-10T10:00:00+09:00", text: "ご依頼ありがとうございます。12月15日納品、30,000円にて承ります。ラフ案は3案ご提出します。" },
      { from: "client", at: "2026-11-11T09:30:00+09:00", text: "よろしくお願いします。先日お電話でお話しした通り、ショップカードのデザインも追加でお願いします。" },
      { from: "freelancer", at: "2026-11-12T18:00:00+09:00", text: "承知しました。ショップカード追加のため、納期は12月20日でいかがでしょうか。" },
      { from: "client", at: "2026-11-20T09:00:00+09:00", text: "その後いかがでしょうか。ラフ案の進捗をご教示いただけますと幸いです。" },
    ],
  },
  en: {
    post: `[Logo design] A logo for our new café.
Deadline: December 15
Budget: ¥30,000
Revisions: up to 2
Deliverables: AI and PNG files`,
    stage: "after_escrow", mode: "project", platform: "lancers", me: "client",
    messages: [
      { from: "freelancer", at: "2026-11-10T10:00:00+09:00", text: "Thank you for the job. I can deliver by December 15 for ¥30,000, with three rough drafts." },
      { from: "client", at: "2026-11-11T09:30:00+09:00", text: "Great. As we discussed on the phone, please also design a shop card." },
      { from: "freelancer", at: "2026-11-12T18:00:00+09:00", text: "Understood. With the shop card added, could the deadline be December 20?" },
      { from: "client", at: "2026-11-20T09:00:00+09:00", text: "How is it going? Could you share the progress on the drafts?" },
    ],
  },
};

export const SAMPLE_NOW = "2026-11-28T10:00";
