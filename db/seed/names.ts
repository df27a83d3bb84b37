/** Word lists for the demo's customer base: company names, people's names, locales. */

/** A comma-separated list, so long lists stay readable and names may contain spaces. */
const list = (text: string): readonly string[] =>
  text
    .split(",")
    .map((w) => w.trim())
    .filter(Boolean);

export const BRAND_HEADS = list(`
  North, Blue, Bright, Silver, Iron, Cedar, Maple, Harbor, Summit, River, Stone, Oak, Pine,
  Falcon, Aurora, Lumen, Nova, Vertex, Apex, Atlas, Beacon, Cobalt, Crimson, Delta, Echo, Ember,
  Fjord, Granite, Horizon, Indigo, Juniper, Keystone, Lark, Meridian, Nimbus, Onyx, Orbit,
  Pioneer, Quartz, Redwood, Sable, Tidal, Vantage, Willow, Zephyr, Alder, Birch, Copper, Dune,
  Elm, Fern, Glacier, Hollow, Ivory, Jade, Kite, Lattice, Mosaic, Opal, Prism, Quill, Raven,
  Sparrow, Thistle, Vista, Wren, Zenith
`);

export const BRAND_TAILS = list(`
  field, stone, bridge, wave, point, light, gate, works, line, path, forge, leaf, peak, crest,
  port, wind, mark, ridge, brook, shore, vale, wood, spring, view
`);

export const INDUSTRIES = list(`
  Logistics, Analytics, Health, Labs, Systems, Foods, Studios, Robotics, Energy, Capital, Media,
  Software, Bio, Retail, Travel, Learning, Security, Networks, Dental, Legal, Architects,
  Brewing, Outfitters, Insurance, Payments, Games, Motors, Pharma, Realty, Freight
`);

export type Language = "en" | "de" | "fr" | "nl" | "es" | "pt" | "pl" | "ja";

/** Locale → the language of its people's names, its country, its web domain and legal suffix. */
export const LOCALES: Record<
  string,
  { language: Language; country: string; tld: string; legal: readonly string[] }
> = {
  "en-US": { language: "en", country: "US", tld: "com", legal: ["Inc.", "LLC", ""] },
  "es-US": { language: "es", country: "US", tld: "com", legal: ["LLC", ""] },
  "en-CA": { language: "en", country: "CA", tld: "ca", legal: ["Inc.", "Ltd.", ""] },
  "fr-CA": { language: "fr", country: "CA", tld: "ca", legal: ["Inc.", ""] },
  "en-GB": { language: "en", country: "GB", tld: "co.uk", legal: ["Ltd", ""] },
  "en-IE": { language: "en", country: "IE", tld: "ie", legal: ["Ltd", "DAC", ""] },
  "fr-FR": { language: "fr", country: "FR", tld: "fr", legal: ["SAS", "SARL", ""] },
  "nl-NL": { language: "nl", country: "NL", tld: "nl", legal: ["B.V.", ""] },
  "es-ES": { language: "es", country: "ES", tld: "es", legal: ["S.L.", ""] },
  "de-DE": { language: "de", country: "DE", tld: "de", legal: ["GmbH", "AG", ""] },
  "de-AT": { language: "de", country: "AT", tld: "at", legal: ["GmbH", ""] },
  "de-CH": { language: "de", country: "CH", tld: "ch", legal: ["AG", "GmbH", ""] },
  "pl-PL": { language: "pl", country: "PL", tld: "pl", legal: ["sp. z o.o.", ""] },
  "en-AU": { language: "en", country: "AU", tld: "com.au", legal: ["Pty Ltd", ""] },
  "en-SG": { language: "en", country: "SG", tld: "sg", legal: ["Pte. Ltd.", ""] },
  "ja-JP": { language: "ja", country: "JP", tld: "co.jp", legal: ["K.K.", ""] },
  "pt-BR": { language: "pt", country: "BR", tld: "com.br", legal: ["Ltda.", ""] },
  "es-MX": { language: "es", country: "MX", tld: "com.mx", legal: ["S.A. de C.V.", ""] },
};

export const FIRST_NAMES: Record<Language, readonly string[]> = {
  en: list(`
    James, Olivia, Liam, Emma, Noah, Ava, Ethan, Mia, Lucas, Amelia, Mason, Harper, Logan, Ella,
    Owen, Grace, Ryan, Chloe, Nathan, Zoe, Daniel, Priya, Samuel, Aisha, David, Hannah, Kevin,
    Rachel, Marcus, Nina
  `),
  de: list(`
    Lukas, Anna, Jonas, Lea, Felix, Laura, Maximilian, Sophie, Paul, Marie, Tobias, Julia,
    Niklas, Katharina, Florian, Lena, Stefan, Sarah, Moritz, Clara
  `),
  fr: list(`
    Louis, Camille, Hugo, Chloé, Arthur, Manon, Jules, Léa, Gabriel, Inès, Mathis, Élise, Théo,
    Juliette, Antoine, Margaux, Nicolas, Pauline
  `),
  nl: list(`
    Daan, Emma, Sem, Julia, Lars, Tess, Bram, Sanne, Thijs, Fleur, Ruben, Lotte, Jeroen, Anouk
  `),
  es: list(`
    Santiago, Lucía, Mateo, Sofía, Diego, Valentina, Javier, Camila, Pablo, Isabella, Alejandro,
    Carmen, Andrés, Elena
  `),
  pt: list(`
    João, Ana, Pedro, Beatriz, Gabriel, Mariana, Rafael, Larissa, Lucas, Fernanda, Thiago,
    Camila
  `),
  pl: list(`
    Jakub, Zuzanna, Kacper, Julia, Michał, Maja, Piotr, Aleksandra, Tomasz, Natalia, Paweł,
    Magdalena
  `),
  ja: list(`
    Haruto, Yui, Sota, Hina, Ren, Aoi, Yuto, Sakura, Kenji, Mei, Takumi, Yuna
  `),
};

export const LAST_NAMES: Record<Language, readonly string[]> = {
  en: list(`
    Smith, Johnson, Brown, Taylor, Anderson, Thomas, Moore, Martin, Clark, Lewis, Walker, Hall,
    Young, King, Wright, Hill, Green, Baker, Nelson, Carter, Mitchell, Patel, Nguyen, Chen,
    Okafor, O'Brien, Murphy, Kelly
  `),
  de: list(`
    Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Koch,
    Richter, Wolf, Neumann, Braun, Zimmermann, Krüger, Hartmann
  `),
  fr: list(`
    Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon,
    Laurent, Lefèvre, Michel, Garcia, Fournier
  `),
  nl: list(`
    de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Visser, Smit, Meijer, de Boer,
    Mulder, Bos
  `),
  es: list(`
    García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Gómez, Ruiz, Díaz,
    Moreno
  `),
  pt: list(`
    Silva, Santos, Oliveira, Souza, Lima, Pereira, Costa, Ferreira, Almeida, Ribeiro, Carvalho,
    Gomes
  `),
  pl: list(`
    Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński, Szymański,
    Woźniak
  `),
  ja: list(`
    Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, Kato,
    Yoshida, Yamada
  `),
};

/** Letters that are fine in a name but not in an email's local part. */
export function asciiFold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}
