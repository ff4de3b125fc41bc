/**
 * The offline form's texts (SPEC C2: shown when no operator can take a chat) and the routing line
 * (B4 queue, "<name> joined") in the 20 languages of SPEC C5. Merged with the chat and file texts in
 * `i18n-texts.ts`; not part of widget.js (build.mjs writes one file per language). The spec fails
 * when a language lacks a key or a placeholder. The admin's own title and intro win over
 * `offTitle`/`offIntro`; the defaults are shown only while the channel keeps the built-in ones.
 */
import { EN_OFFLINE_TEXTS, type OfflineTexts } from './i18n-en';
import type { WidgetLanguage } from './i18n';

export const OFFLINE_TEXTS: Record<WidgetLanguage, OfflineTexts> = {
  en: EN_OFFLINE_TEXTS,
  pl: {
    offTitle: 'Zostaw nam wiadomość', offIntro: 'Nie jesteśmy teraz dostępni. Zostaw wiadomość, a odpowiemy e-mailem.',
    street: 'Ulica', region: 'Województwo', city: 'Miasto', postalCode: 'Kod pocztowy', company: 'Firma',
    offThanks: 'Dziękujemy — wiadomość została wysłana.', offThanksMore: 'Odpowiemy najszybciej, jak to możliwe.', maxChars: 'Maksymalnie {n} znaków',
    offInvalid: 'Sprawdź to pole.', offFailed: 'Nie udało się wysłać wiadomości. Spróbuj ponownie.', offTooFast: 'Wysyłasz zbyt szybko. Poczekaj chwilę i spróbuj ponownie.',
    joined: 'Dołączył(a): {name}', waitSoon: 'Szacowany czas oczekiwania: mniej niż minuta',
  },
  de: {
    offTitle: 'Hinterlassen Sie uns eine Nachricht', offIntro: 'Wir sind gerade nicht erreichbar. Hinterlassen Sie eine Nachricht, wir antworten Ihnen per E-Mail.',
    street: 'Straße', region: 'Region', city: 'Stadt', postalCode: 'Postleitzahl', company: 'Firma',
    offThanks: 'Vielen Dank – Ihre Nachricht wurde gesendet.', offThanksMore: 'Wir melden uns so schnell wie möglich bei Ihnen.', maxChars: 'Höchstens {n} Zeichen',
    offInvalid: 'Bitte prüfen Sie dieses Feld.', offFailed: 'Die Nachricht konnte nicht gesendet werden. Bitte versuchen Sie es erneut.', offTooFast: 'Sie senden zu schnell. Bitte warten Sie einen Moment und versuchen Sie es erneut.',
    joined: '{name} ist dem Chat beigetreten', waitSoon: 'Geschätzte Wartezeit: weniger als eine Minute',
  },
  ru: {
    offTitle: 'Оставьте нам сообщение', offIntro: 'Сейчас мы недоступны. Оставьте сообщение, и мы ответим вам по e-mail.',
    street: 'Улица', region: 'Регион', city: 'Город', postalCode: 'Почтовый индекс', company: 'Компания',
    offThanks: 'Спасибо — ваше сообщение отправлено.', offThanksMore: 'Мы ответим вам как можно скорее.', maxChars: 'Не более {n} символов',
    offInvalid: 'Проверьте это поле.', offFailed: 'Не удалось отправить сообщение. Попробуйте ещё раз.', offTooFast: 'Вы отправляете слишком часто. Подождите немного и попробуйте снова.',
    joined: 'Оператор {name} в чате', waitSoon: 'Ожидание: меньше минуты',
  },
  nl: {
    offTitle: 'Laat een bericht achter', offIntro: 'We zijn nu niet bereikbaar. Laat een bericht achter, dan antwoorden we je per e-mail.',
    street: 'Straat', region: 'Regio', city: 'Plaats', postalCode: 'Postcode', company: 'Bedrijf',
    offThanks: 'Bedankt — je bericht is verstuurd.', offThanksMore: 'We nemen zo snel mogelijk contact met je op.', maxChars: 'Maximaal {n} tekens',
    offInvalid: 'Controleer dit veld.', offFailed: 'Het bericht kon niet worden verstuurd. Probeer het opnieuw.', offTooFast: 'Je verstuurt te snel. Wacht even en probeer het opnieuw.',
    joined: '{name} neemt deel aan de chat', waitSoon: 'Geschatte wachttijd: minder dan een minuut',
  },
  es: {
    offTitle: 'Déjanos un mensaje', offIntro: 'Ahora no estamos disponibles. Deja un mensaje y te responderemos por correo electrónico.',
    street: 'Calle', region: 'Región', city: 'Ciudad', postalCode: 'Código postal', company: 'Empresa',
    offThanks: 'Gracias: tu mensaje se ha enviado.', offThanksMore: 'Te responderemos lo antes posible.', maxChars: 'Como máximo {n} caracteres',
    offInvalid: 'Revisa este campo.', offFailed: 'No se pudo enviar el mensaje. Inténtalo de nuevo.', offTooFast: 'Estás enviando demasiado rápido. Espera un momento e inténtalo de nuevo.',
    joined: '{name} se ha unido al chat', waitSoon: 'Espera estimada: menos de un minuto',
  },
  pt: {
    offTitle: 'Deixe-nos uma mensagem', offIntro: 'De momento não estamos disponíveis. Deixe uma mensagem e responderemos por e-mail.',
    street: 'Rua', region: 'Região', city: 'Cidade', postalCode: 'Código postal', company: 'Empresa',
    offThanks: 'Obrigado — a sua mensagem foi enviada.', offThanksMore: 'Responderemos o mais rapidamente possível.', maxChars: 'No máximo {n} caracteres',
    offInvalid: 'Verifique este campo.', offFailed: 'Não foi possível enviar a mensagem. Tente novamente.', offTooFast: 'Está a enviar demasiado depressa. Aguarde um momento e tente novamente.',
    joined: '{name} entrou no chat', waitSoon: 'Espera estimada: menos de um minuto',
  },
  it: {
    offTitle: 'Lasciaci un messaggio', offIntro: 'Al momento non siamo disponibili. Lascia un messaggio e ti risponderemo via e-mail.',
    street: 'Via', region: 'Regione', city: 'Città', postalCode: 'CAP', company: 'Azienda',
    offThanks: 'Grazie, il tuo messaggio è stato inviato.', offThanksMore: 'Ti risponderemo il prima possibile.', maxChars: 'Al massimo {n} caratteri',
    offInvalid: 'Controlla questo campo.', offFailed: 'Impossibile inviare il messaggio. Riprova.', offTooFast: 'Stai inviando troppo velocemente. Attendi un momento e riprova.',
    joined: '{name} si è unito alla chat', waitSoon: 'Attesa stimata: meno di un minuto',
  },
  lt: {
    offTitle: 'Palikite mums žinutę', offIntro: 'Šiuo metu nesame pasiekiami. Palikite žinutę ir atsakysime el. paštu.',
    street: 'Gatvė', region: 'Regionas', city: 'Miestas', postalCode: 'Pašto kodas', company: 'Įmonė',
    offThanks: 'Ačiū — jūsų žinutė išsiųsta.', offThanksMore: 'Atsakysime kuo greičiau.', maxChars: 'Ne daugiau kaip {n} simbolių',
    offInvalid: 'Patikrinkite šį lauką.', offFailed: 'Nepavyko išsiųsti žinutės. Bandykite dar kartą.', offTooFast: 'Siunčiate per greitai. Palaukite akimirką ir bandykite dar kartą.',
    joined: '{name} prisijungė prie pokalbio', waitSoon: 'Numatomas laukimas: mažiau nei minutė',
  },
  ja: {
    offTitle: 'メッセージを残す', offIntro: '現在対応できません。メッセージを残していただければ、メールでご返信します。',
    street: '番地', region: '都道府県', city: '市区町村', postalCode: '郵便番号', company: '会社名',
    offThanks: 'ありがとうございます。メッセージを送信しました。', offThanksMore: 'できるだけ早くご連絡いたします。', maxChars: '{n}文字以内',
    offInvalid: 'この項目を確認してください。', offFailed: 'メッセージを送信できませんでした。もう一度お試しください。', offTooFast: '送信が速すぎます。しばらく待ってからもう一度お試しください。',
    joined: '{name}がチャットに参加しました', waitSoon: '推定待ち時間：1分未満',
  },
  sv: {
    offTitle: 'Lämna ett meddelande', offIntro: 'Vi är inte tillgängliga just nu. Lämna ett meddelande så svarar vi dig via e-post.',
    street: 'Gatuadress', region: 'Län', city: 'Ort', postalCode: 'Postnummer', company: 'Företag',
    offThanks: 'Tack – ditt meddelande har skickats.', offThanksMore: 'Vi återkommer så snart som möjligt.', maxChars: 'Högst {n} tecken',
    offInvalid: 'Kontrollera det här fältet.', offFailed: 'Meddelandet kunde inte skickas. Försök igen.', offTooFast: 'Du skickar för snabbt. Vänta en stund och försök igen.',
    joined: '{name} har anslutit till chatten', waitSoon: 'Beräknad väntetid: mindre än en minut',
  },
  cs: {
    offTitle: 'Zanechte nám zprávu', offIntro: 'Momentálně nejsme k dispozici. Zanechte zprávu a odpovíme vám e-mailem.',
    street: 'Ulice', region: 'Kraj', city: 'Město', postalCode: 'PSČ', company: 'Společnost',
    offThanks: 'Děkujeme — vaše zpráva byla odeslána.', offThanksMore: 'Ozveme se vám co nejdříve.', maxChars: 'Nejvýše {n} znaků',
    offInvalid: 'Zkontrolujte toto pole.', offFailed: 'Zprávu se nepodařilo odeslat. Zkuste to znovu.', offTooFast: 'Odesíláte příliš rychle. Chvíli počkejte a zkuste to znovu.',
    joined: '{name} se připojil(a) k chatu', waitSoon: 'Odhadované čekání: méně než minuta',
  },
  hu: {
    offTitle: 'Hagyjon üzenetet', offIntro: 'Jelenleg nem vagyunk elérhetők. Hagyjon üzenetet, és e-mailben válaszolunk.',
    street: 'Utca', region: 'Megye', city: 'Város', postalCode: 'Irányítószám', company: 'Cég',
    offThanks: 'Köszönjük, üzenetét elküldtük.', offThanksMore: 'A lehető leghamarabb válaszolunk.', maxChars: 'Legfeljebb {n} karakter',
    offInvalid: 'Ellenőrizze ezt a mezőt.', offFailed: 'Az üzenetet nem sikerült elküldeni. Próbálja újra.', offTooFast: 'Túl gyorsan küld. Várjon egy kicsit, majd próbálja újra.',
    joined: '{name} csatlakozott a csevegéshez', waitSoon: 'Becsült várakozás: kevesebb mint egy perc',
  },
  fi: {
    offTitle: 'Jätä meille viesti', offIntro: 'Emme ole juuri nyt tavoitettavissa. Jätä viesti, niin vastaamme sähköpostitse.',
    street: 'Katuosoite', region: 'Alue', city: 'Kaupunki', postalCode: 'Postinumero', company: 'Yritys',
    offThanks: 'Kiitos – viestisi on lähetetty.', offThanksMore: 'Vastaamme mahdollisimman pian.', maxChars: 'Enintään {n} merkkiä',
    offInvalid: 'Tarkista tämä kenttä.', offFailed: 'Viestin lähettäminen epäonnistui. Yritä uudelleen.', offTooFast: 'Lähetät liian nopeasti. Odota hetki ja yritä uudelleen.',
    joined: '{name} liittyi keskusteluun', waitSoon: 'Arvioitu odotusaika: alle minuutti',
  },
  bg: {
    offTitle: 'Оставете ни съобщение', offIntro: 'В момента не сме на линия. Оставете съобщение и ще ви отговорим по имейл.',
    street: 'Улица', region: 'Област', city: 'Град', postalCode: 'Пощенски код', company: 'Фирма',
    offThanks: 'Благодарим ви — съобщението ви е изпратено.', offThanksMore: 'Ще се свържем с вас възможно най-скоро.', maxChars: 'Най-много {n} знака',
    offInvalid: 'Проверете това поле.', offFailed: 'Съобщението не можа да бъде изпратено. Опитайте отново.', offTooFast: 'Изпращате твърде бързо. Изчакайте малко и опитайте отново.',
    joined: '{name} се присъедини към чата', waitSoon: 'Очаквано чакане: по-малко от минута',
  },
  ro: {
    offTitle: 'Lăsați-ne un mesaj', offIntro: 'Momentan nu suntem disponibili. Lăsați un mesaj și vă vom răspunde prin e-mail.',
    street: 'Stradă', region: 'Județ', city: 'Oraș', postalCode: 'Cod poștal', company: 'Companie',
    offThanks: 'Vă mulțumim — mesajul a fost trimis.', offThanksMore: 'Vă vom răspunde cât mai curând posibil.', maxChars: 'Cel mult {n} caractere',
    offInvalid: 'Verificați acest câmp.', offFailed: 'Mesajul nu a putut fi trimis. Încercați din nou.', offTooFast: 'Trimiteți prea repede. Așteptați puțin și încercați din nou.',
    joined: '{name} s-a alăturat conversației', waitSoon: 'Timp estimat de așteptare: mai puțin de un minut',
  },
  sq: {
    offTitle: 'Na lini një mesazh', offIntro: 'Për momentin nuk jemi të disponueshëm. Lini një mesazh dhe do t’ju përgjigjemi me e-mail.',
    street: 'Rruga', region: 'Rajoni', city: 'Qyteti', postalCode: 'Kodi postar', company: 'Kompania',
    offThanks: 'Faleminderit — mesazhi juaj u dërgua.', offThanksMore: 'Do t’ju përgjigjemi sa më shpejt të jetë e mundur.', maxChars: 'Jo më shumë se {n} karaktere',
    offInvalid: 'Kontrolloni këtë fushë.', offFailed: 'Mesazhi nuk mund të dërgohej. Provoni përsëri.', offTooFast: 'Po dërgoni shumë shpejt. Prisni pak dhe provoni përsëri.',
    joined: '{name} iu bashkua bisedës', waitSoon: 'Pritja e përafërt: më pak se një minutë',
  },
  hr: {
    offTitle: 'Ostavite nam poruku', offIntro: 'Trenutačno nismo dostupni. Ostavite poruku i odgovorit ćemo vam e-poštom.',
    street: 'Ulica', region: 'Županija', city: 'Grad', postalCode: 'Poštanski broj', company: 'Tvrtka',
    offThanks: 'Hvala — vaša poruka je poslana.', offThanksMore: 'Javit ćemo vam se što prije.', maxChars: 'Najviše {n} znakova',
    offInvalid: 'Provjerite ovo polje.', offFailed: 'Poruku nije bilo moguće poslati. Pokušajte ponovno.', offTooFast: 'Šaljete prebrzo. Pričekajte trenutak i pokušajte ponovno.',
    joined: '{name} se pridružio/la razgovoru', waitSoon: 'Procijenjeno čekanje: manje od minute',
  },
  he: {
    offTitle: 'השאירו לנו הודעה', offIntro: 'איננו זמינים כרגע. השאירו הודעה ונחזור אליכם בדוא״ל.',
    street: 'רחוב', region: 'אזור', city: 'עיר', postalCode: 'מיקוד', company: 'חברה',
    offThanks: 'תודה — ההודעה שלכם נשלחה.', offThanksMore: 'נחזור אליכם בהקדם האפשרי.', maxChars: 'עד {n} תווים',
    offInvalid: 'נא לבדוק את השדה הזה.', offFailed: 'לא ניתן היה לשלוח את ההודעה. נא לנסות שוב.', offTooFast: 'השליחה מהירה מדי. נא להמתין רגע ולנסות שוב.',
    joined: '{name} הצטרף/ה לצ׳אט', waitSoon: 'זמן המתנה משוער: פחות מדקה',
  },
  sk: {
    offTitle: 'Zanechajte nám správu', offIntro: 'Momentálne nie sme k dispozícii. Zanechajte správu a odpovieme vám e-mailom.',
    street: 'Ulica', region: 'Kraj', city: 'Mesto', postalCode: 'PSČ', company: 'Spoločnosť',
    offThanks: 'Ďakujeme — vaša správa bola odoslaná.', offThanksMore: 'Ozveme sa vám čo najskôr.', maxChars: 'Najviac {n} znakov',
    offInvalid: 'Skontrolujte toto pole.', offFailed: 'Správu sa nepodarilo odoslať. Skúste to znova.', offTooFast: 'Odosielate príliš rýchlo. Chvíľu počkajte a skúste to znova.',
    joined: '{name} sa pripojil(a) k chatu', waitSoon: 'Odhadované čakanie: menej ako minúta',
  },
};
