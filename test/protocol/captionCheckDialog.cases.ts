/**
 * "Does my video need captions?" as a person meets it: each case is a conversation, a list of [what they type or
 * click, what the bot must say]. Run by captionCheckDialog.test.ts over the real protocol. Sanna has no videos in
 * Panopto (the dialog starts at the live-stream question); Maija has two, so it first asks which.
 */

export interface CaptionCase {
  name: string;
  who: 'sanna' | 'maija';
  locale?: string;
  steps: Array<[string, RegExp]>;
}

export const CAPTION_CASES: CaptionCase[] = [
  {
    name: 'a live stream that is not kept: no captions, on the live-stream rule',
    who: 'sanna',
    steps: [
      ['does my video need captions', /Is it a live stream\?[^]*A live stream, not kept afterwards[^]*The recording of a live stream[^]*No, a recorded video[^]*Cancel/],
      ['A live stream, not kept afterwards', /\*\*No captions are needed\*\* for a live stream\. Its recording is a normal video[^]*within 14 days of publication[^]*The rules this rests on:[^]*\*\*Live streams\*\*: Live streams of video or audio do not need captions/],
    ],
  },
  {
    name: 'the recording of a live stream is a normal video: captions in Finnish, due 14 days after the date given',
    who: 'sanna',
    steps: [
      ['does my video need captions', /Is it a live stream\?/],
      ['The recording of a live stream', /Is it audio only, like a podcast\?/],
      ['No, it has a picture', /course material used repeatedly or over a whole semester\?/],
      ['No', /media alternative\?/],
      ['No', /Which language is spoken in it\?[^]*Finnish[^]*English[^]*Swedish[^]*Another language/],
      ['Finnish', /When was it published, or when will it be\?[^]*I don't know yet/],
      ['1.3.2030', /\*\*Yes, it needs captions\*\* in Finnish\.[^]*They are due by \*\*15 Mar 2030\*\*: within 14 days of publication \(1 Mar 2030\)\.[^]*\*\*Live streams\*\*[^]*\*\*Caption deadline\*\*: Videos and audio recordings must be made accessible within 14 days[^]*\*\*Caption language\*\*: The minimum requirement/],
    ],
  },
  {
    name: 'a podcast used over a semester: captions or a transcript, on the audio and course rules; no date known',
    who: 'sanna',
    steps: [
      ['does my video need captions', /live stream/],
      ['No, a recorded video', /audio only/],
      ['Yes', /course material/],
      ['Yes', /media alternative/],
      ['No', /Which language/],
      ['English', /When was it published/],
      ["I don't know yet", /\*\*Yes, it needs captions\*\* in English, or a separate text alternative such as a transcript\.[^]*They are due within 14 days of publication\.[^]*\*\*Audio recordings and podcasts\*\*[^]*\*\*Course videos\*\*[^]*\*\*Caption language\*\*/],
    ],
  },
  {
    name: 'a media alternative needs no separate captions, on that rule',
    who: 'sanna',
    steps: [
      ['Does my video need subtitles?', /live stream/],
      ['No, a recorded video', /audio only/],
      ['No, it has a picture', /course material/],
      ['No', /media alternative/],
      ['Yes', /\*\*No separate captions are needed\*\*: the video is a media alternative\.[^]*\*\*Videos that are a media alternative\*\*: No separate captions are needed/],
    ],
  },
  {
    name: 'a date published long ago: the captions are late',
    who: 'sanna',
    steps: [
      ['does my video need captions', /live stream/],
      ['No, a recorded video', /audio only/],
      ['No', /course material/],
      ['No', /media alternative/],
      ['No', /Which language/],
      ['Another language', /When was it published/],
      ['2020-01-02', /in the language spoken in it\.[^]*They were due on \*\*16 Jan 2020\*\*[^]*They are late\./],
    ],
  },
  {
    name: 'answers that are not among the choices are asked again; an unreadable date too',
    who: 'sanna',
    steps: [
      ['does my video need captions', /Is it a live stream\?/],
      ['maybe', /Is it a live stream\?/],
      ['No, a recorded video', /audio only/],
      ['it depends', /audio only/],
      ['No', /course material/],
      ['No', /media alternative/],
      ['No', /Which language/],
      ['Klingon', /Which language/],
      ['Swedish', /When was it published/],
      ['next week', /could not read that as a date[^]*31\.12\.2026/],
      ['31.2.2030', /could not read that as a date/],
      ['2030-03-01', /in Swedish\.[^]*due by \*\*15 Mar 2030\*\*/],
    ],
  },
  {
    name: 'in Finnish, for one of the owner\'s own videos: no date asked, the due date from Panopto',
    who: 'maija',
    locale: 'en-US',
    steps: [
      ['tarvitseeko videoni tekstitykset', /Onko kyse jostakin Panopto-videostasi\?[^]*1\. Statistics lecture 1[^]*2\. Old orientation[^]*Jokin muu video[^]*Peruuta/],
      ['1. Statistics lecture 1', /Onko se pelkkää ääntä, kuten podcast\?/],
      ['Ei, siinä on kuva', /Onko se kurssimateriaalia, jota käytetään toistuvasti tai koko lukukauden ajan\?/],
      ['Kyllä', /mediavastine\?/],
      ['Ei', /Mitä kieltä siinä puhutaan\?[^]*Suomi[^]*Englanti[^]*Ruotsi[^]*Jokin muu kieli/],
      ['Suomi', /\*\*Kyllä, se on tekstitettävä\*\* suomeksi, tai sille on tehtävä erillinen tekstivastine, kuten litterointi\.[^]*Määräaika oli \*\*[^]*14 päivän kuluessa julkaisusta \([^)]*\)\.\n\nPanoptossa videolla "Statistics lecture 1" on jo tekstitys\.[^]*Säännöt, joihin tämä perustuu:[^]*\*\*Kurssien videot\*\*[^]*\*\*Tekstityksen määräaika\*\*[^]*\*\*Tekstityksen kieli\*\*/],
    ],
  },
  {
    name: 'in Finnish, another video that is a media alternative (mediavastine)',
    who: 'maija',
    steps: [
      ['Tarvitseeko videoni tekstitykset?', /Onko kyse jostakin Panopto-videostasi/],
      ['Jokin muu video', /Onko kyse suoratoistosta\?[^]*Suoratoisto, tallennetta ei säilytetä[^]*Suoratoiston tallenne[^]*Ei, tallennettu video/],
      ['Ei, tallennettu video', /pelkkää ääntä/],
      ['Kyllä, pelkkää ääntä', /kurssimateriaalia/],
      ['Ei', /mediavastine/],
      ['Kyllä', /\*\*Erillistä tekstitystä ei tarvita\*\*: video on mediavastine\.[^]*\*\*Mediavastineena toimivat videot\*\*/],
    ],
  },
  {
    name: 'an own video that is a media alternative: told how to mark it so its reminders stop',
    who: 'maija',
    steps: [
      ['does my video need captions', /Is it one of your videos/],
      ['Old orientation', /audio only/],
      ['No', /course material/],
      ['No', /media alternative/],
      ['Yes', /No separate captions are needed[^]*Mark it as a media alternative on its card in \*\*my videos\*\*/],
    ],
  },
  {
    name: 'in Finnish, a live stream',
    who: 'sanna',
    steps: [
      ['tekstitystarkistus', /Onko kyse suoratoistosta\?/],
      ['Suoratoisto, tallennetta ei säilytetä', /\*\*Tekstitystä ei tarvita\*\* suoratoistolle\.[^]*14 päivän kuluessa julkaisusta[^]*\*\*Suorat lähetykset\*\*/],
    ],
  },
];

/** Every step of the longest way, for Sanna (no videos) and Maija (videos), each answer in both languages. */
export const FULL_WAY: Record<'sanna' | 'maija', Record<'en' | 'fi', string[]>> = {
  sanna: {
    en: ['does my video need captions', 'No, a recorded video', 'No, it has a picture', 'No', 'No', 'Finnish'],
    fi: ['tarvitseeko videoni tekstitykset', 'Ei, tallennettu video', 'Ei, siinä on kuva', 'Ei', 'Ei', 'Suomi'],
  },
  maija: {
    en: ['does my video need captions', 'Another video', 'No, a recorded video', 'No, it has a picture', 'No', 'No', 'Finnish'],
    fi: ['tarvitseeko videoni tekstitykset', 'Jokin muu video', 'Ei, tallennettu video', 'Ei, siinä on kuva', 'Ei', 'Ei', 'Suomi'],
  },
};
