/**
 * The extension dialog as a person meets it: each case is a conversation, a list of [what the owner types, what the
 * bot must say]. Run by extensionDialog.test.ts over the real protocol.
 */

export interface DialogCase {
  name: string;
  steps: Array<[string, RegExp]>;
  /** The request that exists afterwards for the video "Old orientation": undefined = none. */
  request?: { state: 'pending'; justification: RegExp };
  locale?: string;
}

const GOOD_REASON = 'It is used in the Logistics course every spring and students need it until 2028.';
const FI_REASON = 'Videota käytetään logistiikan kurssilla joka kevät ja opiskelijat tarvitsevat sitä vuoteen 2028 asti.';
const FI_DATE = '\\d{1,2}\\.\\d{1,2}\\.\\d{4}';

export const DIALOG_CASES: DialogCase[] = [
  {
    name: 'the whole way: video, reason, one year, send',
    steps: [
      ['extend', /Which video should be kept longer\?[^]*Old orientation[^]*Statistics lecture 1/],
      ['Old orientation', /Why must "Old orientation" be kept beyond/],
      [GOOD_REASON, /For how long\?[^]*One year \(until [^]*Two years \(until/],
      ['one year', /Request an extension for "Old orientation" until .* because: "It is used/],
      ['Send request', /Request #\d+ sent/],
    ],
    request: { state: 'pending', justification: /Logistics course every spring/ },
  },
  {
    name: 'a reason that is not a sentence is asked again, and nothing is stored until it is',
    steps: [
      ['extend', /Which video/],
      ['Old orientation', /Why must/],
      ['asdf', /write a real sentence/],
      ['aaaaaa bbbbbb cccccc', /write a real sentence/],
      ['x'.repeat(1200), /That is 1200 characters; please keep it under 1000/],
      ['cancel', /Cancelled\. Nothing was sent\./],
    ],
  },
  {
    name: 'an empty reason is asked again',
    steps: [
      ['extend', /Which video/],
      ['Old orientation', /Why must/],
      ['   ', /Please write the reason/],
      [GOOD_REASON, /For how long/],
      ['Cancel', /Cancelled\. Nothing was sent\./],
    ],
  },
  {
    name: 'cancel at the first question',
    steps: [
      ['extend', /Which video/],
      ['cancel', /Cancelled\. Nothing was sent\./],
      ['How long are videos kept?', /two years/],
    ],
  },
  {
    name: 'in Finnish, with "peruuta"',
    locale: 'fi-FI',
    steps: [
      ['pidennä', /Minkä videon säilytysaikaa haluat pidentää\?/],
      ['Old orientation', /Video "Old orientation" siirtyy roskakoriin \d{1,2}\.\d{1,2}\.\d{4}\. Miksi se pitää säilyttää pidempään\?/],
      ['peruuta', /Peruttu\. Mitään ei lähetetty\./],
    ],
  },
  {
    name: 'in Finnish the whole way: lengths as "Yksi vuosi (… asti)", a summary that asks, the reply names the support team',
    locale: 'fi-FI',
    steps: [
      ['pidennä', /Minkä videon/],
      ['Old orientation', /Miksi se pitää säilyttää/],
      [FI_REASON, new RegExp(`Kuinka pitkäksi ajaksi\\?[^]*Yksi vuosi \\(${FI_DATE} asti\\)[^]*Kaksi vuotta \\(${FI_DATE} asti\\)`)],
      ['yksi vuosi', new RegExp(`Haluatko pyytää, että video "Old orientation" säilytetään ${FI_DATE} asti\\? Perustelusi: "Videota käytetään`)],
      ['Lähetä pyyntö', /Pyyntö #\d+ on lähetetty Xamkin IT-palvelupisteelle\./],
    ],
    request: { state: 'pending', justification: /logistiikan kurssilla/ },
  },
  {
    name: 'a date of the owner\'s choosing, checked against the rules',
    steps: [
      ['extend', /Which video/],
      ['Old orientation', /Why must/],
      [GOOD_REASON, /For how long/],
      ['Until a date I choose', /Until which date\?/],
      ['next spring', /could not read that as a date/],
      ['31.12.2099', /allow extensions until .* at most/],
      ['2020-01-01', /must be later than/],
      ['31.12.2028', /until 31 Dec 2028, because/],
      ['Send request', /Request #\d+ sent/],
    ],
    request: { state: 'pending', justification: /Logistics course/ },
  },
  {
    name: '"No, do not send it" does not send: only an unambiguous yes does',
    steps: [
      ['extend', /Which video/],
      ['Old orientation', /Why must/],
      [GOOD_REASON, /For how long/],
      ['one year', /Request an extension for "Old orientation"/],
      ['No, do not send it', /Nothing is sent until you press Send request/],
      ['send it later maybe', /Nothing is sent until you press Send request/],
      ['no', /Cancelled\. Nothing was sent\./],
    ],
  },
  {
    name: '"älä lähetä" does not send either',
    locale: 'fi-FI',
    steps: [
      ['pidennä', /Minkä videon/],
      ['Old orientation', /Video "Old orientation" siirtyy roskakoriin .* Miksi se pitää säilyttää pidempään\?/],
      ['Videota käytetään logistiikan kurssilla joka kevät ja opiskelijat tarvitsevat sitä.', /Kuinka pitkäksi ajaksi/],
      ['yksi vuosi', /Haluatko pyytää, että video "Old orientation" säilytetään/],
      ['älä lähetä', /Peruttu\. Mitään ei lähetetty\./],
    ],
  },
  {
    name: 'a plain yes sends',
    steps: [
      ['extend', /Which video/],
      ['Old orientation', /Why must/],
      [GOOD_REASON, /For how long/],
      ['two years', /Request an extension for "Old orientation"/],
      ['Yes', /Request #\d+ sent/],
    ],
    request: { state: 'pending', justification: /Logistics course/ },
  },
  {
    name: '"cancel" with nothing going on says so',
    steps: [['cancel', /There is nothing to cancel/]],
  },
];
