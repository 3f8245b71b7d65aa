# One-off: adds the situations people describe to each knowledge entry (kept for review; the JSON is the source of truth).
import json, sys
S = {
 "provider": {
  "en": ["Which organisation operates our Panopto service?", "Is Panopto run by an American company or someone else?", "Who is the vendor behind our video platform?",
         "Where are our recordings physically stored, in Finland or abroad?", "A partner asks in which country our video data is kept.", "Do the Panopto servers sit inside the EU or the Nordic countries?",
         "Data residency of Panopto recordings for a project with strict data rules", "Are lecture videos hosted on servers outside Finland?"],
  "fi": ["Mikä organisaatio ylläpitää meidän Panopto-palvelua?", "Onko Panopto amerikkalaisen yrityksen palvelu vai kuka sitä pyörittää?", "Kuka on videopalvelumme toimittaja?",
         "Missä maassa tallenteet fyysisesti säilytetään, Suomessa vai ulkomailla?", "Yhteistyökumppani kysyy, missä maassa videoaineisto sijaitsee.", "Ovatko Panopton palvelimet EU:ssa vai Pohjoismaissa?",
         "Missä meidän videot ovat tallessa?", "Sijaitsevatko luentovideot palvelimilla Suomen ulkopuolella?"]},
 "login": {
  "en": ["I am new staff, do I need a separate Panopto account?", "Which username and password do teachers use to sign in to Panopto?", "Do I have to request credentials before I can use Panopto?",
         "I can't remember which account I should use for Panopto.", "Sign in to Panopto with my work account"],
  "fi": ["Olen uusi työntekijä, tarvitsenko erillisen Panopto-tunnuksen?", "Millä käyttäjätunnuksella ja salasanalla opettaja kirjautuu Panoptoon?", "Pitääkö Panopto-tunnukset tilata erikseen?",
         "Meneekö kirjautuminen Panoptoon samoilla tunnuksilla kuin muuallakin töissä?", "kirjautuminen panoptoon työtunnuksilla"]},
 "students": {
  "en": ["Do students get their own Panopto accounts?", "How do my students get to see my lecture videos?", "Can students sign in to Panopto themselves?",
         "Students want to upload their presentation videos, can they use Panopto like staff?", "Where do students find the course videos?"],
  "fi": ["Saavatko opiskelijat omat Panopto-tunnukset?", "Miten opiskelijat pääsevät katsomaan luentovideoitani?", "Voivatko opiskelijat kirjautua itse Panoptoon?",
         "Opiskelijat haluavat palauttaa esitysvideoita, voivatko he käyttää Panoptoa kuten henkilökunta?", "Mistä opiskelijat löytävät kurssin videot?"]},
 "recorder": {
  "en": ["Is there a program for recording my slides, webcam and voice at the same time?", "What is the Panopto Recorder app for?", "My phone recordings look bad, is there a better tool for lecture recordings?",
         "Which software should I use to record a screencast of my lecture?", "How do I capture my presentation slides and talk over them?"],
  "fi": ["Onko ohjelmaa, jolla tallennan diat, web-kameran ja äänen yhtä aikaa?", "Mihin Panopto Recorder -sovellusta käytetään?", "Puhelimella kuvatut luennot näyttävät huonoilta, onko parempaa tallennustyökalua?",
         "Millä ohjelmalla teen ruuduntallennuksen luennosta?", "Miten nauhoitan diaesityksen ja puheeni samaan aikaan?"]},
 "terms": {
  "en": ["A box about terms appeared when I first logged in, do I have to accept it?", "What conditions did we agree to when we started using Panopto?", "When do I accept the Panopto terms of service?"],
  "fi": ["Ensimmäisellä kirjautumisella tuli ruutu ehdoista, pitääkö se hyväksyä?", "Mitä ehtoja hyväksyimme, kun aloimme käyttää Panoptoa?", "Milloin Panopton käyttöehdot hyväksytään?"]},
 "purpose": {
  "en": ["Can I upload personal hobby or side-business videos to Panopto?", "Is Panopto only for teaching or also for recording meetings and events?", "Does the university have the right to use my lecture videos?",
         "Can I put private family videos in Panopto?", "What kind of work or study related recordings is Panopto meant for?"],
  "fi": ["Voinko laittaa Panoptoon omia harrastus- tai sivubisnesvideoita?", "Onko Panopto vain opetukseen vai myös palaverien ja tilaisuuksien tallentamiseen?", "Onko korkeakoululla oikeus käyttää luentovideoitani?",
         "Saako Panoptossa pitää yksityisiä perhevideoita?", "Millaisiin työhön tai opiskeluun liittyviin tallenteisiin Panopto on tarkoitettu?"]},
 "ownership": {
  "en": ["If I move to another employer, can I take my lecture recordings with me?", "Can I also publish my Panopto lecture on my own YouTube channel?", "Who owns a video I made, me or the university?",
         "May I reuse my recorded lecture at another school or in a book?", "Do my videos become the university's property when I upload them?"],
  "fi": ["Jos vaihdan työpaikkaa, saanko viedä luentotallenteeni mukanani?", "Saanko julkaista Panopto-luentoni myös omalla YouTube-kanavallani?", "Kenelle tekemäni video kuuluu, minulle vai korkeakoululle?",
         "Saanko käyttää tallentamaani luentoa toisessa oppilaitoksessa tai kirjassa?", "Tuleeko videoistani korkeakoulun omaisuutta, kun lataan ne?"]},
 "content": {
  "en": ["Can a recording show students' names, grades or health information?", "May I record a personal feedback discussion with a student and keep it in Panopto?",
         "A company showed us unreleased product plans under an NDA, can those slides be in my recording?", "Can I record a meeting where a partner presents confidential business figures?",
         "Client data, customer information or personal data visible in a video", "Is it allowed to publish a video that reveals someone's private life?"],
  "fi": ["Saako tallenteessa näkyä opiskelijoiden nimiä, arvosanoja tai terveystietoja?", "Voinko tallentaa henkilökohtaisen palautekeskustelun opiskelijan kanssa Panoptoon?",
         "Yritys näytti meille julkaisemattomia tuotesuunnitelmia salassapitosopimuksella, saako ne näkyä videolla?", "Saako tallentaa palaverin, jossa kumppani esittää luottamuksellisia lukuja?",
         "Asiakastietoja, henkilötietoja tai yrityksen salaisia tietoja näkyy videolla", "Saako julkaista videon, joka paljastaa jonkun yksityiselämää?"]},
 "responsibility": {
  "en": ["Can I use songs from Spotify or other music as background in my videos?", "I want to show clips from a film, TV programme, Netflix or YouTube in my lecture video.",
         "Pictures from a textbook or images from the internet in my recording: whose problem is the copyright?", "My assistant wants my Panopto password to upload videos for me.",
         "Someone else used my username to upload videos, who is responsible?", "Can I share my Panopto login with a colleague or a substitute teacher?"],
  "fi": ["Saanko käyttää Spotifyn kappaleita tai muuta musiikkia videoni taustalla?", "Haluan näyttää luentovideolla pätkän elokuvasta, tv-ohjelmasta, Netflixistä tai YouTubesta.",
         "Oppikirjan kuvia tai netistä otettuja kuvia tallenteessa: kenen vastuulla tekijänoikeudet ovat?", "Avustaja haluaa Panopto-tunnukseni ladatakseen videot puolestani.",
         "Joku toinen käytti käyttäjätunnustani videoiden lataamiseen, kuka on vastuussa?", "Voinko antaa Panopto-tunnukseni kollegalle tai sijaiselle?"]},
 "consent": {
  "en": ["I interviewed a guest speaker for a course video, what must I do before publishing?", "Students are visible in my classroom recording, do I need their permission?",
         "Workshop or webinar participants can be seen in the background of the video.", "Can I publish a panel discussion where visitors speak?", "Do colleagues who appear in my video have to agree to it?"],
  "fi": ["Haastattelin vierailevaa puhujaa kurssivideoon, mitä pitää tehdä ennen julkaisua?", "Opiskelijoita näkyy luokkatallenteessa, tarvitsenko heidän lupansa?",
         "Työpajan tai webinaarin osallistujia näkyy videon taustalla.", "Saanko julkaista paneelikeskustelun, jossa vierailijat puhuvat?", "Pitääkö videolla näkyvien kollegoiden suostua siihen?"]},
 "lifecycle": {
  "en": ["My course runs only every other year and nobody watches the videos in between, will they disappear?", "Do videos get deleted automatically after some time?",
         "Students watch my videos through the course page, will they still be deleted at some point?", "How long are old recordings kept if nobody watches them?", "Will a video I have not opened for years be removed?"],
  "fi": ["Kurssini on vain joka toinen vuosi eikä kukaan katso videoita välillä, häviävätkö ne?", "Poistuvatko videot automaattisesti jonkin ajan kuluttua?",
         "Opiskelijat katsovat videoitani kurssisivulla, poistetaanko ne silti jossain vaiheessa?", "Kuinka kauan vanhat tallenteet säilyvät, jos kukaan ei katso niitä?", "Poistetaanko video, jota ei ole avattu vuosiin?"]},
 "trash": {
  "en": ["An old video of mine was deleted, is it gone forever or can I get it back?", "Can I recover a recording from the trash?", "When the lifecycle ends, is the video deleted immediately?",
         "How long do deleted recordings stay in the recycle bin?", "My video disappeared, can it be restored?"],
  "fi": ["Vanha videoni poistui, onko se mennyt lopullisesti vai saako sen takaisin?", "Voiko tallenteen palauttaa roskakorista?", "Kun elinkaari päättyy, poistuuko video heti kokonaan?",
         "Kuinka kauan poistetut tallenteet ovat roskakorissa?", "Videoni hävisi, voiko sen palauttaa?"]},
 "extension": {
  "en": ["Recordings needed as accreditation or audit evidence must be kept for five years though nobody watches them.", "We must archive these videos for legal or research reasons, can I stop them from being deleted?",
         "Can I extend the lifetime of an important recording?", "A video is needed although it is rarely viewed, can its lifecycle be extended?", "How do I prevent my video from being deleted?"],
  "fi": ["Akkreditointia tai auditointia varten tallenteet pitää säilyttää viisi vuotta, vaikka niitä ei katsota.", "Videot pitää arkistoida lain tai tutkimuksen vuoksi, voiko niiden poistamisen estää?",
         "Voiko tärkeän tallenteen elinaikaa pidentää?", "Video on tarpeellinen, vaikka sitä katsotaan harvoin, voiko elinkaarta jatkaa?", "Miten estän videoni poistumisen?", "Saako videolle lisäaikaa?"]},
 "caption_deadline": {
  "en": ["I uploaded my first video today, how soon must I add subtitles?", "I published a lecture last week and have no captions yet, am I already late?",
         "How many days do I have to caption a new recording?", "Time limit for captions after publishing a video"],
  "fi": ["Latasin ensimmäisen videoni tänään, kuinka pian tekstitys pitää lisätä?", "Julkaisin luennon viime viikolla enkä ole vielä tekstittänyt, olenko jo myöhässä?",
         "Montako päivää minulla on aikaa tekstittää uusi tallenne?", "Missä ajassa julkaistu video pitää tekstittää?", "Paljonko aikaa on tekstitykseen julkaisun jälkeen?"]},
 "caption_why": {
  "en": ["Why caption everything when all my students can hear fine?", "What is the point of subtitles if nobody in my class is deaf?",
         "I need to justify to my manager why captioning is worth the extra hours.", "Who else benefits from captions besides people with hearing impairments?"],
  "fi": ["Miksi kaikki pitää tekstittää, kun kaikki opiskelijani kuulevat hyvin?", "Mitä hyötyä tekstityksestä on, jos ryhmässä ei ole kuulovammaisia?",
         "Esihenkilö kysyy, miksi tekstittämiseen kannattaa käyttää tunteja.", "Ketä muita tekstitys hyödyttää kuin kuulovammaisia?"]},
 "asr_check": {
  "en": ["Can I use the automatically generated captions as they are?", "Speech recognition produced strange words in my subtitles, do I have to fix them?",
         "Is it enough to generate captions automatically and publish right away?", "The auto captions look fine at a glance, can I leave them unchecked?"],
  "fi": ["Voinko käyttää automaattisesti tehtyjä tekstityksiä sellaisenaan?", "Puheentunnistus teki tekstitykseen outoja sanoja, pitääkö ne korjata?",
         "Riittääkö, että teen tekstitykset automaattisesti ja julkaisen heti?", "Automaattitekstitys näyttää nopeasti katsottuna hyvältä, voinko jättää sen tarkistamatta?"]},
 "caption_course": {
  "en": ["Lecture videos that students use for the whole semester: do they need subtitles?", "Tutorial videos we reuse every year: what accessibility requirements apply?",
         "Instead of subtitles, can I provide a transcript or a PDF text version of recurring course videos?", "Course videos used again and again"],
  "fi": ["Koko lukukauden käytössä olevat luentovideot: tarvitsevatko ne tekstityksen?", "Joka vuosi uudelleen käytettävät ohjevideot: mitä saavutettavuusvaatimuksia niihin liittyy?",
         "Voinko tekstityksen sijaan antaa litteroinnin tai pdf-tekstiversion toistuvasti käytettävistä kurssivideoista?", "Kurssivideot, joita käytetään yhä uudelleen"]},
 "media_alternative": {
  "en": ["My video only reads out slides that are already available as text, must I still caption it?", "Everything said in the video is also written in the course material, are subtitles needed?",
         "The video just summarises an article students already have to read.", "The same content is published as a written document next to the video."],
  "fi": ["Videolla vain luen ääneen diat, jotka ovat jo tekstinä saatavilla, pitääkö se silti tekstittää?", "Kaikki videolla sanottu on myös kirjoitettuna kurssimateriaalissa, tarvitaanko tekstitys?",
         "Video vain tiivistää artikkelin, joka opiskelijoilla on jo luettavana.", "Sama sisältö on julkaistu kirjallisena dokumenttina videon rinnalla."]},
 "caption_language": {
  "en": ["My lecture is in Finnish but there are exchange students, do I also need English subtitles?", "I teach in English, do my videos need Finnish subtitles as well?",
         "Must subtitles be translated into other languages?", "Which language should the captions of my video be in?"],
  "fi": ["Luento on suomeksi, mutta kurssilla on vaihto-opiskelijoita, tarvitaanko myös englanninkielinen tekstitys?", "Opetan englanniksi, pitääkö videoissa olla myös suomenkielinen tekstitys?",
         "Pitääkö tekstitykset kääntää muille kielille?", "Millä kielellä videon tekstityksen kuuluu olla?"]},
 "audio": {
  "en": ["I'm starting a podcast for my course, does it need subtitles although it is only audio?", "Audio-only recordings without any picture: captions required?", "Do sound recordings and radio-style episodes have to be transcribed?"],
  "fi": ["Aloitan kurssille podcastin, tarvitseeko se tekstityksen, vaikka siinä on vain ääntä?", "Pelkät äänitallenteet ilman kuvaa: pitääkö tekstittää?", "Pitääkö äänitteet ja radiotyyliset jaksot litteroida?"]},
 "streaming": {
  "en": ["I will stream a guest lecture live, do I need live captions?", "Does a live broadcast or webinar have to be subtitled in real time?",
         "I live-streamed a lecture and the recording stays in Panopto: does the recording need captions?", "Recording of a livestream kept for students to watch later"],
  "fi": ["Striimaan vierailuluennon suorana, tarvitaanko livetekstitys?", "Pitääkö suora lähetys tai webinaari tekstittää reaaliajassa?",
         "Striimasin luennon ja tallenne jäi Panoptoon: pitääkö tallenne tekstittää?", "Suoran lähetyksen tallenne jää opiskelijoiden katsottavaksi myöhemmin"]},
 "support": {
  "en": ["Something is not working in Panopto, whom do I contact?", "Where do I get help with a Panopto problem?"],
  "fi": ["Panoptossa on ongelma, keneen otan yhteyttä?", "Mistä saan apua Panopto-ongelmaan?"]},
}
p = sys.argv[1]
kb = json.load(open(p))
for e in kb:
    for lang in ("en", "fi"):
        t = e[lang]
        items = list(t.items())
        new = {}
        for k, v in items:
            new[k] = v
            if k == "questions":
                new["situations"] = S[e["id"]][lang]
        e[lang] = new
open(p, "w").write(json.dumps(kb, ensure_ascii=False, indent=2) + "\n")
