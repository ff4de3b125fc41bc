/**
 * The widget's texts about files (SPEC A9: attach, upload errors, downloads) and the marketing
 * consent of the pre-chat form (C8), in the 20 languages of SPEC C5. Kept apart from the chat
 * texts in `i18n.ts`, which merges them in; the spec fails when a language lacks a key.
 */
export interface FileTexts {
  /** `{mb}` is replaced */
  attach: string;
  fileEmpty: string;
  /** `{mb}` is replaced */
  fileTooLarge: string;
  fileType: string;
  /** `{n}` is replaced */
  tooManyFiles: string;
  uploadConnecting: string;
  uploadFailed: string;
  uploadOffline: string;
  uploadTooFast: string;
  uploadWait: string;
  /** `{name}` is replaced (progress bar label) */
  uploading: string;
  /** `{name}` is replaced */
  removeFile: string;
  /** `{name}` is replaced */
  download: string;
  /** `{name}` is replaced */
  openImage: string;
  typeFirst: string;
  /** The consent checkbox's label when the channel set no text of its own. */
  consentDefault: string;
  /** Consent ticked without an e-mail address. */
  consentEmail: string;
}

export type WidgetLanguage = 'en' | 'pl' | 'de' | 'ru' | 'nl' | 'es' | 'pt' | 'it' | 'lt' | 'ja' | 'sv' | 'cs' | 'hu' | 'fi' | 'bg' | 'ro' | 'sq' | 'hr' | 'he' | 'sk';

export const FILE_TEXTS: Record<WidgetLanguage, FileTexts> = {
  en: {
    attach: 'Attach an image or PDF (up to {mb} MB)', fileEmpty: 'The file is empty.', fileTooLarge: 'The file is larger than {mb} MB.',
    fileType: 'Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent.', tooManyFiles: 'At most {n} files per message.',
    uploadConnecting: 'Still connecting. Try again in a moment.', uploadFailed: 'The upload failed. Try again.', uploadOffline: 'The upload failed: no connection.',
    uploadTooFast: 'You are sending files too fast. Please wait a moment.', uploadWait: 'Wait until the files are uploaded.', uploading: 'Uploading {name}',
    removeFile: 'Remove {name}', download: 'Download {name}', openImage: 'Open image {name}', typeFirst: 'Type a message first.',
    consentDefault: 'I agree to receive marketing e-mails.', consentEmail: 'Enter your e-mail address to confirm the subscription.',
  },
  pl: {
    attach: 'Załącz obraz lub PDF (do {mb} MB)', fileEmpty: 'Plik jest pusty.', fileTooLarge: 'Plik jest większy niż {mb} MB.',
    fileType: 'Można wysyłać tylko obrazy (PNG, JPEG, GIF, WebP) i pliki PDF.', tooManyFiles: 'Maksymalna liczba plików w wiadomości: {n}.',
    uploadConnecting: 'Trwa łączenie. Spróbuj za chwilę.', uploadFailed: 'Nie udało się przesłać pliku. Spróbuj ponownie.', uploadOffline: 'Nie udało się przesłać pliku: brak połączenia.',
    uploadTooFast: 'Wysyłasz pliki zbyt szybko. Poczekaj chwilę.', uploadWait: 'Poczekaj, aż pliki zostaną przesłane.', uploading: 'Przesyłanie: {name}',
    removeFile: 'Usuń {name}', download: 'Pobierz {name}', openImage: 'Otwórz obraz {name}', typeFirst: 'Najpierw wpisz wiadomość.',
    consentDefault: 'Zgadzam się na otrzymywanie e-maili marketingowych.', consentEmail: 'Podaj adres e-mail, aby potwierdzić subskrypcję.',
  },
  de: {
    attach: 'Bild oder PDF anhängen (bis {mb} MB)', fileEmpty: 'Die Datei ist leer.', fileTooLarge: 'Die Datei ist größer als {mb} MB.',
    fileType: 'Es können nur Bilder (PNG, JPEG, GIF, WebP) und PDF-Dateien gesendet werden.', tooManyFiles: 'Höchstens {n} Dateien pro Nachricht.',
    uploadConnecting: 'Die Verbindung wird noch aufgebaut. Bitte gleich noch einmal versuchen.', uploadFailed: 'Das Hochladen ist fehlgeschlagen. Bitte erneut versuchen.', uploadOffline: 'Das Hochladen ist fehlgeschlagen: keine Verbindung.',
    uploadTooFast: 'Sie senden Dateien zu schnell. Bitte warten Sie einen Moment.', uploadWait: 'Bitte warten Sie, bis die Dateien hochgeladen sind.', uploading: '{name} wird hochgeladen',
    removeFile: '{name} entfernen', download: '{name} herunterladen', openImage: 'Bild {name} öffnen', typeFirst: 'Bitte zuerst eine Nachricht eingeben.',
    consentDefault: 'Ich bin mit dem Erhalt von Marketing-E-Mails einverstanden.', consentEmail: 'Bitte geben Sie Ihre E-Mail-Adresse an, um das Abonnement zu bestätigen.',
  },
  ru: {
    attach: 'Прикрепить изображение или PDF (до {mb} МБ)', fileEmpty: 'Файл пустой.', fileTooLarge: 'Файл больше {mb} МБ.',
    fileType: 'Можно отправлять только изображения (PNG, JPEG, GIF, WebP) и файлы PDF.', tooManyFiles: 'Максимум файлов в одном сообщении: {n}.',
    uploadConnecting: 'Идёт подключение. Попробуйте через мгновение.', uploadFailed: 'Не удалось загрузить файл. Попробуйте ещё раз.', uploadOffline: 'Не удалось загрузить файл: нет соединения.',
    uploadTooFast: 'Вы отправляете файлы слишком часто. Подождите немного.', uploadWait: 'Дождитесь окончания загрузки файлов.', uploading: 'Загрузка: {name}',
    removeFile: 'Удалить {name}', download: 'Скачать {name}', openImage: 'Открыть изображение {name}', typeFirst: 'Сначала введите сообщение.',
    consentDefault: 'Я согласен(на) получать маркетинговые письма.', consentEmail: 'Укажите e-mail, чтобы подтвердить подписку.',
  },
  nl: {
    attach: 'Afbeelding of pdf bijvoegen (max. {mb} MB)', fileEmpty: 'Het bestand is leeg.', fileTooLarge: 'Het bestand is groter dan {mb} MB.',
    fileType: 'Alleen afbeeldingen (PNG, JPEG, GIF, WebP) en pdf-bestanden kunnen worden verstuurd.', tooManyFiles: 'Maximaal {n} bestanden per bericht.',
    uploadConnecting: 'Nog bezig met verbinden. Probeer het zo opnieuw.', uploadFailed: 'Uploaden mislukt. Probeer het opnieuw.', uploadOffline: 'Uploaden mislukt: geen verbinding.',
    uploadTooFast: 'Je verstuurt te snel bestanden. Wacht even.', uploadWait: 'Wacht tot de bestanden zijn geüpload.', uploading: '{name} wordt geüpload',
    removeFile: '{name} verwijderen', download: '{name} downloaden', openImage: 'Afbeelding {name} openen', typeFirst: 'Typ eerst een bericht.',
    consentDefault: 'Ik ga akkoord met het ontvangen van marketing-e-mails.', consentEmail: 'Vul je e-mailadres in om de aanmelding te bevestigen.',
  },
  es: {
    attach: 'Adjuntar una imagen o un PDF (hasta {mb} MB)', fileEmpty: 'El archivo está vacío.', fileTooLarge: 'El archivo supera los {mb} MB.',
    fileType: 'Solo se pueden enviar imágenes (PNG, JPEG, GIF, WebP) y archivos PDF.', tooManyFiles: 'Como máximo {n} archivos por mensaje.',
    uploadConnecting: 'Aún conectando. Inténtalo de nuevo en un momento.', uploadFailed: 'No se pudo subir el archivo. Inténtalo de nuevo.', uploadOffline: 'No se pudo subir el archivo: sin conexión.',
    uploadTooFast: 'Estás enviando archivos demasiado rápido. Espera un momento.', uploadWait: 'Espera a que se suban los archivos.', uploading: 'Subiendo {name}',
    removeFile: 'Quitar {name}', download: 'Descargar {name}', openImage: 'Abrir la imagen {name}', typeFirst: 'Escribe primero un mensaje.',
    consentDefault: 'Acepto recibir correos electrónicos de marketing.', consentEmail: 'Introduce tu correo electrónico para confirmar la suscripción.',
  },
  pt: {
    attach: 'Anexar uma imagem ou PDF (até {mb} MB)', fileEmpty: 'O ficheiro está vazio.', fileTooLarge: 'O ficheiro tem mais de {mb} MB.',
    fileType: 'Só é possível enviar imagens (PNG, JPEG, GIF, WebP) e ficheiros PDF.', tooManyFiles: 'No máximo {n} ficheiros por mensagem.',
    uploadConnecting: 'Ainda a ligar. Tente novamente dentro de momentos.', uploadFailed: 'O envio do ficheiro falhou. Tente novamente.', uploadOffline: 'O envio do ficheiro falhou: sem ligação.',
    uploadTooFast: 'Está a enviar ficheiros demasiado depressa. Aguarde um momento.', uploadWait: 'Aguarde até os ficheiros serem enviados.', uploading: 'A enviar {name}',
    removeFile: 'Remover {name}', download: 'Transferir {name}', openImage: 'Abrir a imagem {name}', typeFirst: 'Escreva primeiro uma mensagem.',
    consentDefault: 'Aceito receber e-mails de marketing.', consentEmail: 'Introduza o seu e-mail para confirmar a subscrição.',
  },
  it: {
    attach: 'Allega un’immagine o un PDF (fino a {mb} MB)', fileEmpty: 'Il file è vuoto.', fileTooLarge: 'Il file supera i {mb} MB.',
    fileType: 'Si possono inviare solo immagini (PNG, JPEG, GIF, WebP) e file PDF.', tooManyFiles: 'Al massimo {n} file per messaggio.',
    uploadConnecting: 'Connessione in corso. Riprova tra un momento.', uploadFailed: 'Caricamento non riuscito. Riprova.', uploadOffline: 'Caricamento non riuscito: nessuna connessione.',
    uploadTooFast: 'Stai inviando file troppo velocemente. Attendi un momento.', uploadWait: 'Attendi il termine del caricamento dei file.', uploading: 'Caricamento di {name}',
    removeFile: 'Rimuovi {name}', download: 'Scarica {name}', openImage: "Apri l'immagine {name}", typeFirst: 'Scrivi prima un messaggio.',
    consentDefault: 'Accetto di ricevere e-mail di marketing.', consentEmail: "Inserisci il tuo indirizzo e-mail per confermare l'iscrizione.",
  },
  lt: {
    attach: 'Pridėti paveikslėlį arba PDF (iki {mb} MB)', fileEmpty: 'Failas tuščias.', fileTooLarge: 'Failas didesnis nei {mb} MB.',
    fileType: 'Galima siųsti tik paveikslėlius (PNG, JPEG, GIF, WebP) ir PDF failus.', tooManyFiles: 'Didžiausias failų skaičius žinutėje: {n}.',
    uploadConnecting: 'Vis dar jungiamasi. Bandykite po akimirkos.', uploadFailed: 'Nepavyko įkelti failo. Bandykite dar kartą.', uploadOffline: 'Nepavyko įkelti failo: nėra ryšio.',
    uploadTooFast: 'Siunčiate failus per greitai. Palaukite akimirką.', uploadWait: 'Palaukite, kol failai bus įkelti.', uploading: 'Įkeliamas {name}',
    removeFile: 'Pašalinti {name}', download: 'Atsisiųsti {name}', openImage: 'Atidaryti paveikslėlį {name}', typeFirst: 'Pirmiausia parašykite žinutę.',
    consentDefault: 'Sutinku gauti rinkodaros el. laiškus.', consentEmail: 'Įveskite el. pašto adresą, kad patvirtintumėte prenumeratą.',
  },
  ja: {
    attach: '画像またはPDFを添付（最大{mb} MB）', fileEmpty: 'ファイルが空です。', fileTooLarge: 'ファイルが{mb} MBを超えています。',
    fileType: '送信できるのは画像（PNG、JPEG、GIF、WebP）とPDFファイルのみです。', tooManyFiles: '1つのメッセージに添付できるファイルは{n}個までです。',
    uploadConnecting: '接続中です。しばらくしてからもう一度お試しください。', uploadFailed: 'アップロードに失敗しました。もう一度お試しください。', uploadOffline: 'アップロードに失敗しました：接続がありません。',
    uploadTooFast: 'ファイルの送信が速すぎます。少しお待ちください。', uploadWait: 'ファイルのアップロードが終わるまでお待ちください。', uploading: '{name}をアップロード中',
    removeFile: '{name}を削除', download: '{name}をダウンロード', openImage: '画像{name}を開く', typeFirst: '先にメッセージを入力してください。',
    consentDefault: 'マーケティングメールの受信に同意します。', consentEmail: '購読を確認するためにメールアドレスを入力してください。',
  },
  sv: {
    attach: 'Bifoga en bild eller pdf (högst {mb} MB)', fileEmpty: 'Filen är tom.', fileTooLarge: 'Filen är större än {mb} MB.',
    fileType: 'Endast bilder (PNG, JPEG, GIF, WebP) och pdf-filer kan skickas.', tooManyFiles: 'Högst {n} filer per meddelande.',
    uploadConnecting: 'Ansluter fortfarande. Försök igen om en stund.', uploadFailed: 'Uppladdningen misslyckades. Försök igen.', uploadOffline: 'Uppladdningen misslyckades: ingen anslutning.',
    uploadTooFast: 'Du skickar filer för snabbt. Vänta en stund.', uploadWait: 'Vänta tills filerna har laddats upp.', uploading: 'Laddar upp {name}',
    removeFile: 'Ta bort {name}', download: 'Ladda ner {name}', openImage: 'Öppna bilden {name}', typeFirst: 'Skriv ett meddelande först.',
    consentDefault: 'Jag godkänner att få marknadsföringsmejl.', consentEmail: 'Ange din e-postadress för att bekräfta prenumerationen.',
  },
  cs: {
    attach: 'Přiložit obrázek nebo PDF (až {mb} MB)', fileEmpty: 'Soubor je prázdný.', fileTooLarge: 'Soubor je větší než {mb} MB.',
    fileType: 'Odeslat lze jen obrázky (PNG, JPEG, GIF, WebP) a soubory PDF.', tooManyFiles: 'Nejvyšší počet souborů ve zprávě: {n}.',
    uploadConnecting: 'Stále se připojuje. Zkuste to za chvíli.', uploadFailed: 'Nahrání se nezdařilo. Zkuste to znovu.', uploadOffline: 'Nahrání se nezdařilo: chybí připojení.',
    uploadTooFast: 'Posíláte soubory příliš rychle. Chvíli počkejte.', uploadWait: 'Počkejte, až se soubory nahrají.', uploading: 'Nahrává se {name}',
    removeFile: 'Odebrat {name}', download: 'Stáhnout {name}', openImage: 'Otevřít obrázek {name}', typeFirst: 'Nejprve napište zprávu.',
    consentDefault: 'Souhlasím se zasíláním marketingových e-mailů.', consentEmail: 'Zadejte e-mailovou adresu pro potvrzení odběru.',
  },
  hu: {
    attach: 'Kép vagy PDF csatolása (legfeljebb {mb} MB)', fileEmpty: 'A fájl üres.', fileTooLarge: 'A fájl nagyobb, mint {mb} MB.',
    fileType: 'Csak képek (PNG, JPEG, GIF, WebP) és PDF-fájlok küldhetők.', tooManyFiles: 'Üzenetenként legfeljebb {n} fájl.',
    uploadConnecting: 'A kapcsolódás még folyamatban. Próbálja újra egy pillanat múlva.', uploadFailed: 'A feltöltés nem sikerült. Próbálja újra.', uploadOffline: 'A feltöltés nem sikerült: nincs kapcsolat.',
    uploadTooFast: 'Túl gyorsan küld fájlokat. Várjon egy kicsit.', uploadWait: 'Várjon, amíg a fájlok feltöltődnek.', uploading: '{name} feltöltése',
    removeFile: '{name} eltávolítása', download: '{name} letöltése', openImage: '{name} kép megnyitása', typeFirst: 'Először írjon egy üzenetet.',
    consentDefault: 'Hozzájárulok marketing e-mailek fogadásához.', consentEmail: 'Adja meg e-mail-címét a feliratkozás megerősítéséhez.',
  },
  fi: {
    attach: 'Liitä kuva tai PDF (enintään {mb} Mt)', fileEmpty: 'Tiedosto on tyhjä.', fileTooLarge: 'Tiedosto on suurempi kuin {mb} Mt.',
    fileType: 'Vain kuvia (PNG, JPEG, GIF, WebP) ja PDF-tiedostoja voi lähettää.', tooManyFiles: 'Enintään {n} tiedostoa viestiä kohden.',
    uploadConnecting: 'Yhteyttä muodostetaan vielä. Yritä hetken kuluttua uudelleen.', uploadFailed: 'Tiedoston lähetys epäonnistui. Yritä uudelleen.', uploadOffline: 'Tiedoston lähetys epäonnistui: ei yhteyttä.',
    uploadTooFast: 'Lähetät tiedostoja liian nopeasti. Odota hetki.', uploadWait: 'Odota, kunnes tiedostot on lähetetty.', uploading: 'Lähetetään {name}',
    removeFile: 'Poista {name}', download: 'Lataa {name} laitteellesi', openImage: 'Avaa kuva {name}', typeFirst: 'Kirjoita ensin viesti.',
    consentDefault: 'Hyväksyn markkinointisähköpostien vastaanottamisen.', consentEmail: 'Anna sähköpostiosoitteesi tilauksen vahvistamiseksi.',
  },
  bg: {
    attach: 'Прикачи изображение или PDF (до {mb} MB)', fileEmpty: 'Файлът е празен.', fileTooLarge: 'Файлът е по-голям от {mb} MB.',
    fileType: 'Могат да се изпращат само изображения (PNG, JPEG, GIF, WebP) и PDF файлове.', tooManyFiles: 'Най-много файлове в едно съобщение: {n}.',
    uploadConnecting: 'Все още се свързва. Опитайте след малко.', uploadFailed: 'Качването не бе успешно. Опитайте отново.', uploadOffline: 'Качването не бе успешно: няма връзка.',
    uploadTooFast: 'Изпращате файлове твърде бързо. Изчакайте малко.', uploadWait: 'Изчакайте файловете да се качат.', uploading: 'Качване на {name}',
    removeFile: 'Премахни {name}', download: 'Изтегли {name}', openImage: 'Отвори изображението {name}', typeFirst: 'Първо напишете съобщение.',
    consentDefault: 'Съгласен/на съм да получавам маркетингови имейли.', consentEmail: 'Въведете имейл адреса си, за да потвърдите абонамента.',
  },
  ro: {
    attach: 'Atașează o imagine sau un PDF (până la {mb} MB)', fileEmpty: 'Fișierul este gol.', fileTooLarge: 'Fișierul depășește {mb} MB.',
    fileType: 'Se pot trimite doar imagini (PNG, JPEG, GIF, WebP) și fișiere PDF.', tooManyFiles: 'Numărul maxim de fișiere într-un mesaj: {n}.',
    uploadConnecting: 'Încă se conectează. Încearcă din nou peste câteva clipe.', uploadFailed: 'Încărcarea a eșuat. Încearcă din nou.', uploadOffline: 'Încărcarea a eșuat: nu există conexiune.',
    uploadTooFast: 'Trimiți fișiere prea repede. Așteaptă puțin.', uploadWait: 'Așteaptă până se încarcă fișierele.', uploading: 'Se încarcă {name}',
    removeFile: 'Elimină {name}', download: 'Descarcă {name}', openImage: 'Deschide imaginea {name}', typeFirst: 'Scrie mai întâi un mesaj.',
    consentDefault: 'Sunt de acord să primesc e-mailuri de marketing.', consentEmail: 'Introdu adresa de e-mail pentru a confirma abonarea.',
  },
  sq: {
    attach: 'Bashkëngjit një imazh ose PDF (deri në {mb} MB)', fileEmpty: 'Skedari është bosh.', fileTooLarge: 'Skedari është më i madh se {mb} MB.',
    fileType: 'Mund të dërgohen vetëm imazhe (PNG, JPEG, GIF, WebP) dhe skedarë PDF.', tooManyFiles: 'Jo më shumë se {n} skedarë për mesazh.',
    uploadConnecting: 'Ende po lidhet. Provoni sërish pas pak.', uploadFailed: 'Ngarkimi dështoi. Provoni sërish.', uploadOffline: 'Ngarkimi dështoi: nuk ka lidhje.',
    uploadTooFast: 'Po dërgoni skedarë shumë shpejt. Prisni pak.', uploadWait: 'Prisni derisa të ngarkohen skedarët.', uploading: 'Po ngarkohet {name}',
    removeFile: 'Hiq {name}', download: 'Shkarko {name}', openImage: 'Hap imazhin {name}', typeFirst: 'Shkruani fillimisht një mesazh.',
    consentDefault: 'Pranoj të marr email-e marketingu.', consentEmail: 'Vendosni adresën tuaj email për të konfirmuar abonimin.',
  },
  hr: {
    attach: 'Priloži sliku ili PDF (do {mb} MB)', fileEmpty: 'Datoteka je prazna.', fileTooLarge: 'Datoteka je veća od {mb} MB.',
    fileType: 'Mogu se slati samo slike (PNG, JPEG, GIF, WebP) i PDF datoteke.', tooManyFiles: 'Najveći broj datoteka po poruci: {n}.',
    uploadConnecting: 'Povezivanje je još u tijeku. Pokušajte ponovo za trenutak.', uploadFailed: 'Prijenos nije uspio. Pokušajte ponovo.', uploadOffline: 'Prijenos nije uspio: nema veze.',
    uploadTooFast: 'Prebrzo šaljete datoteke. Pričekajte trenutak.', uploadWait: 'Pričekajte dok se datoteke ne prenesu.', uploading: 'Prijenos: {name}',
    removeFile: 'Ukloni {name}', download: 'Preuzmi {name}', openImage: 'Otvori sliku {name}', typeFirst: 'Najprije upišite poruku.',
    consentDefault: 'Pristajem primati marketinške e-poruke.', consentEmail: 'Unesite adresu e-pošte kako biste potvrdili pretplatu.',
  },
  he: {
    attach: 'צירוף תמונה או PDF (עד {mb} MB)', fileEmpty: 'הקובץ ריק.', fileTooLarge: 'הקובץ גדול מ-{mb} MB.',
    fileType: 'ניתן לשלוח רק תמונות (PNG, JPEG, GIF, WebP) וקובצי PDF.', tooManyFiles: 'עד {n} קבצים בהודעה אחת.',
    uploadConnecting: 'עדיין מתחבר. נא לנסות שוב בעוד רגע.', uploadFailed: 'ההעלאה נכשלה. נא לנסות שוב.', uploadOffline: 'ההעלאה נכשלה: אין חיבור.',
    uploadTooFast: 'נשלחים קבצים מהר מדי. נא להמתין רגע.', uploadWait: 'נא להמתין עד שהקבצים יועלו.', uploading: 'מעלה את {name}',
    removeFile: 'הסרת {name}', download: 'הורדת {name}', openImage: 'פתיחת התמונה {name}', typeFirst: 'נא להקליד הודעה קודם.',
    consentDefault: 'אני מסכים/ה לקבל הודעות דוא״ל שיווקיות.', consentEmail: 'נא להזין כתובת דוא״ל כדי לאשר את ההרשמה.',
  },
  sk: {
    attach: 'Priložiť obrázok alebo PDF (do {mb} MB)', fileEmpty: 'Súbor je prázdny.', fileTooLarge: 'Súbor je väčší ako {mb} MB.',
    fileType: 'Odoslať možno len obrázky (PNG, JPEG, GIF, WebP) a súbory PDF.', tooManyFiles: 'Najvyšší počet súborov v správe: {n}.',
    uploadConnecting: 'Stále sa pripája. Skúste to o chvíľu.', uploadFailed: 'Nahrávanie zlyhalo. Skúste to znova.', uploadOffline: 'Nahrávanie zlyhalo: chýba pripojenie.',
    uploadTooFast: 'Posielate súbory príliš rýchlo. Chvíľu počkajte.', uploadWait: 'Počkajte, kým sa súbory nahrajú.', uploading: 'Nahráva sa {name}',
    removeFile: 'Odstrániť {name}', download: 'Stiahnuť {name}', openImage: 'Otvoriť obrázok {name}', typeFirst: 'Najprv napíšte správu.',
    consentDefault: 'Súhlasím so zasielaním marketingových e-mailov.', consentEmail: 'Zadajte e-mailovú adresu na potvrdenie odberu.',
  },
};
