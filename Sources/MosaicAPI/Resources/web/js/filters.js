// The filters the upload endpoint applies on the server (`filter_id`), with a CSS approximation of each so
// the composer can preview all of them live on the chosen photo before anything is uploaded.
export const FILTERS = [
  { id: null, name: "Normal", css: "none" },
  { id: "clarendon", name: "Clarendon", css: "contrast(1.2) saturate(1.35)" },
  { id: "gingham", name: "Gingham", css: "brightness(1.05) hue-rotate(-10deg) contrast(.9) sepia(.1)" },
  { id: "moon", name: "Moon", css: "grayscale(1) contrast(1.1) brightness(1.1)" },
  { id: "lark", name: "Lark", css: "contrast(.9) brightness(1.1) saturate(1.1)" },
  { id: "reyes", name: "Reyes", css: "sepia(.22) brightness(1.1) contrast(.85) saturate(.75)" },
  { id: "juno", name: "Juno", css: "contrast(1.15) saturate(1.4) sepia(.08) brightness(1.05)" },
  { id: "slumber", name: "Slumber", css: "saturate(.66) brightness(1.05) sepia(.15)" },
  { id: "crema", name: "Crema", css: "sepia(.3) contrast(.9) brightness(1.05) saturate(.9)" },
];
