/**
 * The bulk of the object catalog (catalog.ts holds the hand-annotated sports balls and the entries
 * the parser relies on by kind): about 250 everyday objects with real sizes, a material, a mass
 * where the typical product mass differs from density × volume, and a collision shape.
 *
 * One line per object, in a compact notation parsed once at load:
 *   kind | phrases (comma-separated; the first is the display name) | shape | material | mass kg | motion
 * Shapes: `s r` sphere; `b x y z` box (as it stands, y up); `c r h` cylinder; `k r h` capsule (tip to
 * tip); `n r h` cone; `cup r h wall [bottomR]` an open round container; `obox x y z wall` an open
 * box; `ring r tube` a hoop; and named compound proxies (person, child, dog, cat, horse, bird, car,
 * bicycle, chair, stool, bottle, wine glass, lamp, hammer, axe, mushroom…) built in code below.
 * Containers are real `cup`/`open-box`/`ring` shapes, so things can fall into them.
 *
 * Sources for sizes and masses: manufacturers' catalogue dimensions and standards where one exists
 * (ISO 216 paper sizes; EN 13432-era 330 ml can 66 × 115 mm; standard 750 ml wine bottle 76 × 300 mm;
 * US Mint coin specifications; LEGO 2×4 brick 31.8 × 9.6 × 15.8 mm; A-series dice 16 mm; FIFA/ITF/
 * FIBA/NFL/MLB/WPA/World Rugby/FIVB/ITTF rules for sports gear; Clauser et al., AMRL-TR-69-70 (1969)
 * for human body segment sizes and masses; USDA/produce-marketing averages for fruit and vegetables;
 * typical vehicle curb weights (e.g. a mid-size car 1.4–1.6 t, 4.6 × 1.8 × 1.45 m)). A mass of `-`
 * means density × the shape's solid volume (materials.ts).
 */
import type { MaterialName } from './materials.ts';
import type { Shape } from './spec.ts';

export interface CatalogRow {
  kind: string;
  name: string;
  phrases: string[];
  shape: Shape;
  material: MaterialName;
  massKg?: number;
  motion: 'roll' | 'slide';
}

type Part = { shape: Extract<Shape, { type: 'sphere' | 'box' | 'cylinder' | 'capsule' | 'cone' }>; offsetM: [number, number, number]; rotationDeg: [number, number, number] };
const part = (shape: Part['shape'], offsetM: [number, number, number], rotationDeg: [number, number, number] = [0, 0, 0]): Part => ({ shape, offsetM, rotationDeg });
const compound = (...parts: Part[]): Shape => ({ type: 'compound', parts });

/** A standing person (or child) of height h: legs, torso, arms as capsules, head sphere; centred on its bounding box. */
function person(h: number): Shape {
  const s = h / 1.75;
  const y0 = -h / 2;
  return compound(
    part({ type: 'capsule', radiusM: 0.07 * s, heightM: 0.85 * s }, [-0.1 * s, y0 + 0.425 * s, 0]),
    part({ type: 'capsule', radiusM: 0.07 * s, heightM: 0.85 * s }, [0.1 * s, y0 + 0.425 * s, 0]),
    part({ type: 'capsule', radiusM: 0.17 * s, heightM: 0.7 * s }, [0, y0 + 1.15 * s, 0]),
    part({ type: 'capsule', radiusM: 0.05 * s, heightM: 0.65 * s }, [-0.24 * s, y0 + 1.12 * s, 0]),
    part({ type: 'capsule', radiusM: 0.05 * s, heightM: 0.65 * s }, [0.24 * s, y0 + 1.12 * s, 0]),
    part({ type: 'sphere', radiusM: 0.11 * s }, [0, y0 + 1.64 * s, 0]),
  );
}

/** A four-legged animal, length l (nose to tail) and height h at the head, facing +x; centred. */
function quadruped(l: number, h: number, w: number): Shape {
  const legH = 0.5 * h, bodyR = Math.min(w / 2, 0.22 * h), y0 = -h / 2;
  const bodyY = y0 + legH + bodyR * 0.8;
  const headR = Math.min(0.16 * h, w / 2);
  const lx = 0.32 * l, lz = w / 2 - 0.2 * w;
  const leg = (x: number, z: number) => part({ type: 'cylinder', radiusM: Math.max(0.008, 0.06 * w), heightM: legH }, [x, y0 + legH / 2, z]);
  return compound(
    part({ type: 'capsule', radiusM: bodyR, heightM: 0.8 * l }, [0, bodyY, 0], [0, 0, 90]),
    part({ type: 'sphere', radiusM: headR }, [0.45 * l - headR, h / 2 - headR, 0]),
    leg(lx, lz), leg(lx, -lz), leg(-lx, lz), leg(-lx, -lz),
  );
}

/** A bird: a body ellipsoid proxy (capsule), a head, and two legs; length l. */
function bird(l: number): Shape {
  const r = 0.22 * l;
  return compound(
    part({ type: 'capsule', radiusM: r, heightM: 0.75 * l }, [0, 0.05 * l, 0], [0, 0, 80]),
    part({ type: 'sphere', radiusM: 0.6 * r }, [0.33 * l, 0.3 * l - 0.6 * r + 0.1 * l, 0]),
    part({ type: 'cylinder', radiusM: 0.02 * l, heightM: 0.15 * l }, [0, -0.325 * l, 0.08 * l]),
    part({ type: 'cylinder', radiusM: 0.02 * l, heightM: 0.15 * l }, [0, -0.325 * l, -0.08 * l]),
  );
}

/** A car-like vehicle: body slab, cabin, four wheels; length l, width w, height h; centred. */
function vehicle(l: number, w: number, h: number, wheelR: number): Shape {
  const y0 = -h / 2;
  const bodyH = 0.45 * h, cabinH = h - wheelR - bodyH;
  const wheel = (x: number, z: number) => part({ type: 'cylinder', radiusM: wheelR, heightM: 0.18 * w }, [x, y0 + wheelR, z], [90, 0, 0]);
  return compound(
    part({ type: 'box', sizeM: [l, bodyH, w] }, [0, y0 + wheelR + bodyH / 2, 0]),
    part({ type: 'box', sizeM: [0.55 * l, Math.max(0.01, cabinH), 0.9 * w] }, [-0.05 * l, y0 + wheelR + bodyH + cabinH / 2, 0]),
    wheel(0.33 * l, 0.41 * w), wheel(0.33 * l, -0.41 * w), wheel(-0.33 * l, 0.41 * w), wheel(-0.33 * l, -0.41 * w),
  );
}

const NAMED: Record<string, Shape> = {
  person: person(1.75),
  child: person(1.2),
  toddler: person(0.85),
  figurine: person(0.1),
  mannequin: person(1.8),
  robot: compound(
    part({ type: 'box', sizeM: [0.3, 0.4, 0.2] }, [0, 0.05, 0]),
    part({ type: 'box', sizeM: [0.18, 0.14, 0.16] }, [0, 0.33, 0]),
    part({ type: 'cylinder', radiusM: 0.04, heightM: 0.2 }, [-0.08, -0.3, 0]),
    part({ type: 'cylinder', radiusM: 0.04, heightM: 0.2 }, [0.08, -0.3, 0]),
  ),
  dog: quadruped(0.9, 0.6, 0.25),
  puppy: quadruped(0.45, 0.3, 0.14),
  cat: quadruped(0.46, 0.3, 0.13),
  horse: quadruped(2.4, 2.2, 0.6),
  cow: quadruped(2.4, 1.5, 0.7),
  sheep: quadruped(1.3, 0.9, 0.45),
  pig: quadruped(1.3, 0.75, 0.45),
  elephant: quadruped(6, 3.2, 1.6),
  rabbit: quadruped(0.4, 0.25, 0.16),
  bird: bird(0.15),
  chicken: bird(0.4),
  duck: bird(0.5),
  penguin: compound(part({ type: 'capsule', radiusM: 0.17, heightM: 0.65 }, [0, -0.05, 0]), part({ type: 'sphere', radiusM: 0.1 }, [0, 0.275, 0])),
  car: vehicle(4.6, 1.8, 1.45, 0.32),
  'toy-car': vehicle(0.08, 0.035, 0.03, 0.008),
  truck: vehicle(7, 2.4, 3, 0.5),
  bus: vehicle(12, 2.5, 3.2, 0.5),
  van: vehicle(5, 2, 2, 0.35),
  cart: vehicle(1, 0.6, 0.5, 0.12),
  'go-kart': vehicle(1.8, 1.2, 0.6, 0.13),
  bicycle: compound(
    part({ type: 'cylinder', radiusM: 0.34, heightM: 0.04 }, [0.52, -0.16, 0], [90, 0, 0]),
    part({ type: 'cylinder', radiusM: 0.34, heightM: 0.04 }, [-0.52, -0.16, 0], [90, 0, 0]),
    part({ type: 'box', sizeM: [0.9, 0.05, 0.04] }, [0, 0.2, 0]),
    part({ type: 'box', sizeM: [0.04, 0.5, 0.4] }, [0.45, 0.25, 0]),
  ),
  skateboard: compound(part({ type: 'box', sizeM: [0.8, 0.015, 0.2] }, [0, 0.025, 0]), part({ type: 'cylinder', radiusM: 0.027, heightM: 0.2 }, [0.25, -0.0225, 0], [90, 0, 0]), part({ type: 'cylinder', radiusM: 0.027, heightM: 0.2 }, [-0.25, -0.0225, 0], [90, 0, 0])),
  chair: compound(
    part({ type: 'box', sizeM: [0.45, 0.04, 0.45] }, [0, -0.02, 0]),
    part({ type: 'box', sizeM: [0.04, 0.45, 0.45] }, [-0.205, 0.225, 0]),
    part({ type: 'box', sizeM: [0.04, 0.43, 0.04] }, [0.2, -0.255, 0.2]), part({ type: 'box', sizeM: [0.04, 0.43, 0.04] }, [0.2, -0.255, -0.2]),
    part({ type: 'box', sizeM: [0.04, 0.43, 0.04] }, [-0.2, -0.255, 0.2]), part({ type: 'box', sizeM: [0.04, 0.43, 0.04] }, [-0.2, -0.255, -0.2]),
  ),
  stool: compound(part({ type: 'cylinder', radiusM: 0.17, heightM: 0.04 }, [0, 0.3, 0]), part({ type: 'cylinder', radiusM: 0.025, heightM: 0.58 }, [0.1, -0.02, 0]), part({ type: 'cylinder', radiusM: 0.025, heightM: 0.58 }, [-0.05, -0.02, 0.087]), part({ type: 'cylinder', radiusM: 0.025, heightM: 0.58 }, [-0.05, -0.02, -0.087])),
  bottle: compound(part({ type: 'cylinder', radiusM: 0.038, heightM: 0.22 }, [0, -0.04, 0]), part({ type: 'cone', radiusM: 0.038, heightM: 0.05 }, [0, 0.095, 0]), part({ type: 'cylinder', radiusM: 0.014, heightM: 0.08 }, [0, 0.11, 0])),
  'wine-glass': compound(part({ type: 'cylinder', radiusM: 0.035, heightM: 0.005 }, [0, -0.0875, 0]), part({ type: 'cylinder', radiusM: 0.004, heightM: 0.08 }, [0, -0.045, 0]), part({ type: 'cone', radiusM: 0.04, heightM: 0.09 }, [0, 0.04, 0], [180, 0, 0])),
  lamp: compound(part({ type: 'cylinder', radiusM: 0.08, heightM: 0.03 }, [0, -0.235, 0]), part({ type: 'cylinder', radiusM: 0.01, heightM: 0.35 }, [0, -0.05, 0]), part({ type: 'cone', radiusM: 0.13, heightM: 0.15 }, [0, 0.175, 0])),
  hammer: compound(part({ type: 'cylinder', radiusM: 0.015, heightM: 0.3 }, [0, -0.02, 0]), part({ type: 'box', sizeM: [0.12, 0.03, 0.03] }, [0, 0.135, 0])),
  axe: compound(part({ type: 'cylinder', radiusM: 0.018, heightM: 0.7 }, [0, -0.04, 0]), part({ type: 'box', sizeM: [0.18, 0.08, 0.02] }, [0.05, 0.31, 0])),
  mushroom: compound(part({ type: 'cylinder', radiusM: 0.01, heightM: 0.05 }, [0, -0.015, 0]), part({ type: 'cone', radiusM: 0.03, heightM: 0.03 }, [0, 0.025, 0])),
  tree: compound(part({ type: 'cylinder', radiusM: 0.15, heightM: 3 }, [0, -1, 0]), part({ type: 'cone', radiusM: 1.2, heightM: 2.5 }, [0, 1.25, 0])),
  snowman: compound(part({ type: 'sphere', radiusM: 0.35 }, [0, -0.45, 0]), part({ type: 'sphere', radiusM: 0.25 }, [0, 0.1, 0]), part({ type: 'sphere', radiusM: 0.16 }, [0, 0.64, 0])),
  dumbbell: compound(part({ type: 'cylinder', radiusM: 0.015, heightM: 0.3 }, [0, 0, 0], [0, 0, 90]), part({ type: 'cylinder', radiusM: 0.055, heightM: 0.05 }, [0.15, 0, 0], [0, 0, 90]), part({ type: 'cylinder', radiusM: 0.055, heightM: 0.05 }, [-0.15, 0, 0], [0, 0, 90])),
  teapot: compound(part({ type: 'sphere', radiusM: 0.09 }, [0, 0, 0]), part({ type: 'cylinder', radiusM: 0.012, heightM: 0.1 }, [0.1, 0.02, 0], [0, 0, -50])),
  umbrella: compound(part({ type: 'cylinder', radiusM: 0.01, heightM: 0.85 }, [0, -0.05, 0]), part({ type: 'cone', radiusM: 0.5, heightM: 0.2 }, [0, 0.375, 0])),
  guitar: compound(part({ type: 'cylinder', radiusM: 0.19, heightM: 0.1 }, [-0.25, 0, 0], [90, 0, 0]), part({ type: 'box', sizeM: [0.55, 0.05, 0.05] }, [0.2, 0, 0])),
  trophy: compound(part({ type: 'box', sizeM: [0.1, 0.05, 0.1] }, [0, -0.125, 0]), part({ type: 'cylinder', radiusM: 0.015, heightM: 0.1 }, [0, -0.05, 0]), part({ type: 'cone', radiusM: 0.07, heightM: 0.1 }, [0, 0.05, 0], [180, 0, 0])),
};

const ROWS = `
volleyball|volleyball,volley ball|s 0.105|rubber|0.27|roll
beach-ball|beach ball,beachball,inflatable ball|s 0.25|plastic|0.15|roll
american-football|american football,rugby ball,gridiron football|k 0.085 0.28|leather|0.42|roll
baseball|baseball,hardball|s 0.0366|leather|0.145|roll
softball|softball|s 0.0485|leather|0.185|roll
cricket-ball|cricket ball|s 0.036|leather|0.16|roll
handball|handball|s 0.093|leather|0.45|roll
dodgeball|dodgeball,dodge ball,playground ball|s 0.1|rubber|0.3|roll
bouncy-ball|bouncy ball,super ball,superball|s 0.0225|rubber|-|roll
medicine-ball|medicine ball|s 0.14|leather|4|roll
exercise-ball|exercise ball,yoga ball,gym ball,swiss ball|s 0.325|rubber|1.2|roll
hockey-puck|hockey puck,puck|c 0.038 0.0254|rubber|0.17|slide
curling-stone|curling stone,curling rock|c 0.145 0.114|stone|19.1|slide
shot-put|shot put|s 0.055|iron|7.26|roll
cannonball|cannonball,cannon ball|s 0.07|iron|-|roll
wrecking-ball|wrecking ball|s 0.6|steel|-|roll
lacrosse-ball|lacrosse ball|s 0.032|rubber|0.145|roll
squash-ball|squash ball|s 0.02|rubber|0.024|roll
racquetball|racquetball|s 0.0285|rubber|0.04|roll
croquet-ball|croquet ball|s 0.046|plastic|0.45|roll
bocce-ball|bocce ball,boule,petanque ball|s 0.0535|plastic|0.92|roll
snowball|snowball,snow ball|s 0.04|ice|0.15|roll
water-balloon|water balloon|s 0.05|rubber|0.5|roll
balloon|balloon,party balloon|s 0.14|rubber|0.005|roll
ball-of-yarn|ball of yarn,yarn ball,ball of wool|s 0.05|cloth|0.1|roll
pebble|pebble,small stone|s 0.015|stone|-|roll
rock|rock,stone,rock stone|s 0.1|stone|-|roll
boulder|boulder|s 0.6|stone|-|roll
brick-paver|paver,paving stone,cobblestone|b 0.2 0.06 0.1|stone|-|slide
cinder-block|cinder block,concrete block,breeze block|b 0.39 0.19 0.19|concrete|13|slide
wooden-block|wooden block,toy block,building block|b 0.05 0.05 0.05|wood|-|slide
lego-brick|lego brick,lego,lego block|b 0.0318 0.0096 0.0158|plastic|0.0023|slide
jenga-block|jenga block,jenga piece,jenga|b 0.075 0.015 0.025|wood|0.018|slide
plank|plank,board,wooden plank|b 1 0.025 0.15|wood|-|slide
beam|beam,wooden beam,log beam|b 2 0.1 0.1|wood|-|slide
log|log,tree trunk|c 0.15 1|wood|-|roll
stick|stick,twig,branch|c 0.01 0.6|wood|-|slide
pipe|pipe,steel pipe,tube|c 0.03 1|steel|3|roll
cylinder|cylinder,can shape|c 0.05 0.1|wood|-|roll
cone|cone,traffic cone,pylon|n 0.18 0.7|plastic|3|slide
pyramid|pyramid|n 0.1 0.15|wood|-|slide
disc|disc,disk|c 0.1 0.01|plastic|-|roll
frisbee|frisbee,flying disc|c 0.137 0.03|plastic|0.175|slide
ring|ring toy,ring|ring 0.1 0.01|plastic|0.05|slide
hula-hoop|hula hoop,hoola hoop|ring 0.45 0.012|plastic|0.4|slide
tire|tire,tyre,car tire|ring 0.3 0.1|rubber|9|roll
wheel|wheel|c 0.3 0.1|rubber|8|roll
coin|coin,penny,cent|c 0.0095 0.00152|brass|0.0025|roll
quarter|quarter,quarter dollar|c 0.01213 0.00175|brass|0.00567|roll
euro-coin|euro coin,euro,pound coin|c 0.01163 0.00233|brass|0.0075|roll
token|token,poker chip,casino chip|c 0.02 0.0033|plastic|0.01|slide
die|die,dice|b 0.016 0.016 0.016|plastic|0.005|slide
chess-piece|chess piece,pawn,chess pawn|c 0.013 0.05|wood|0.015|slide
checker|checker,draughts piece|c 0.016 0.008|plastic|0.008|slide
marble-small|glass bead,bead|s 0.004|glass|-|roll
ball-bearing-small|small ball bearing|s 0.004|steel|-|roll
bowling-pin|bowling pin,pin,skittle|c 0.06 0.38|wood|1.5|slide
golf-club|golf club|c 0.01 1.1|steel|0.35|slide
baseball-bat|baseball bat,bat,cricket bat|c 0.033 0.84|wood|0.9|roll
hockey-stick|hockey stick|b 1.5 0.03 0.08|wood|0.5|slide
tennis-racket|tennis racket,racket,racquet|b 0.69 0.03 0.27|plastic|0.3|slide
paddle|paddle,ping pong paddle|b 0.26 0.015 0.15|wood|0.09|slide
shuttlecock|shuttlecock,birdie|n 0.033 0.085|cork|0.005|slide
kettlebell|kettlebell,kettle bell|s 0.1|iron|16|roll
weight-plate|weight plate,barbell plate|c 0.225 0.05|iron|20|roll
barbell|barbell|c 0.025 2.2|steel|20|roll
surfboard|surfboard|b 2.1 0.07 0.55|foam|3.5|slide
snowboard|snowboard|b 1.55 0.02 0.27|wood|3|slide
ski|ski,skis|b 1.7 0.02 0.1|wood|1.5|slide
sled|sled,sledge,toboggan|b 1.1 0.15 0.5|plastic|4|slide
trampoline|trampoline|c 1.5 0.9|rubber|60|slide
crate-small|small crate,fruit crate|obox 0.4 0.25 0.3 0.015|wood|2|slide
cardboard-box|cardboard box,carton,package,parcel,shipping box|b 0.4 0.3 0.3|cardboard|1|slide
shoebox|shoebox,shoe box|b 0.33 0.12 0.2|cardboard|0.3|slide
box-open|open box,empty box|obox 0.4 0.3 0.3 0.005|cardboard|0.4|slide
tray|tray,baking tray,serving tray|obox 0.45 0.03 0.3 0.004|steel|0.6|slide
basket|laundry basket,wicker basket,picnic basket,basket of fruit|obox 0.6 0.3 0.4 0.01|wood|1|slide
bin|bin,trash can,trash bin,waste bin,dustbin,garbage can|cup 0.18 0.5 0.01 0.15|plastic|2|slide
bucket|bucket,pail|cup 0.15 0.3 0.006 0.12|plastic|0.6|slide
barrel|barrel,drum,oil drum|c 0.3 0.88|steel|20|roll
cup|cup,coffee cup,teacup|cup 0.04 0.09 0.003 0.03|ceramic|0.25|slide
mug|mug,coffee mug|cup 0.042 0.095 0.005|ceramic|0.35|slide
glass|glass,drinking glass,tumbler,water glass,whiskey glass|cup 0.037 0.11 0.003 0.03|glass|0.25|slide
jug|jug,pitcher,water jug,milk jug,carafe|cup 0.06 0.2 0.005 0.05|ceramic|0.9|slide
jar|jar,mason jar,jam jar,glass jar|cup 0.045 0.13 0.004|glass|0.35|slide
vase|vase,flower vase|cup 0.07 0.3 0.005 0.05|ceramic|1|slide
bowl|bowl,cereal bowl,salad bowl,soup bowl|cup 0.08 0.07 0.004 0.045|ceramic|0.4|slide
mixing-bowl|mixing bowl|cup 0.14 0.12 0.003 0.08|steel|0.6|slide
pot|pot,cooking pot,saucepan,stockpot,cauldron|cup 0.11 0.16 0.004|steel|1.5|slide
flower-pot|flower pot,plant pot,planter|cup 0.09 0.16 0.008 0.07|ceramic|0.9|slide
pan|pan,frying pan,skillet|cup 0.14 0.05 0.004|iron|1.8|slide
wok|wok|cup 0.18 0.1 0.003 0.08|iron|1.6|slide
plate|plate,dinner plate,dish|c 0.135 0.02|ceramic|0.6|roll
saucer|saucer|c 0.075 0.015|ceramic|0.2|roll
funnel|funnel|cup 0.07 0.12 0.002 0.01|plastic|0.05|slide
thimble|thimble|cup 0.009 0.02 0.0008|steel|0.004|slide
bathtub|bathtub,bath tub,tub|obox 1.7 0.55 0.75 0.05|ceramic|40|slide
aquarium-bowl|fish bowl,fishbowl|cup 0.12 0.2 0.004 0.08|glass|1.2|slide
sink|sink,kitchen sink,washbasin|obox 0.6 0.2 0.45 0.01|steel|8|slide
drawer|drawer|obox 0.5 0.15 0.45 0.015|wood|4|slide
toolbox|toolbox,tool box|obox 0.5 0.2 0.22 0.003|steel|3|slide
can|can,soda can,drink can,tin can,beer can,soup can,aluminium can,aluminum can|c 0.033 0.115|aluminium|0.37|roll
empty-can|empty can|c 0.033 0.115|aluminium|0.015|roll
paint-can|paint can,paint tin|c 0.085 0.19|steel|4.5|roll
water-bottle|water bottle,plastic bottle|c 0.033 0.23|plastic|0.52|roll
wine-bottle|wine bottle,glass bottle,beer bottle,bottle|named bottle|glass|1.3|roll
milk-carton|milk carton,juice box,juice carton|b 0.07 0.19 0.07|cardboard|1.05|slide
cereal-box|cereal box|b 0.19 0.3 0.07|cardboard|0.5|slide
wine-glass|wine glass,champagne glass,goblet|named wine-glass|glass|0.15|slide
teapot|teapot,kettle|named teapot|ceramic|0.8|slide
apple|apple|s 0.04|produce|0.18|roll
orange|orange,grapefruit,mandarin|s 0.04|produce|0.2|roll
lemon|lemon,lime|s 0.03|produce|0.1|roll
peach|peach,nectarine,plum|s 0.035|produce|0.15|roll
tomato|tomato|s 0.035|produce|0.15|roll
cherry|cherry,grape,blueberry|s 0.011|produce|0.008|roll
strawberry|strawberry|n 0.015 0.035|produce|0.012|roll
watermelon|watermelon|s 0.15|produce|9|roll
melon|melon,cantaloupe,honeydew|s 0.08|produce|1.6|roll
pumpkin|pumpkin|s 0.15|produce|6|roll
coconut|coconut|s 0.06|wood|0.7|roll
pineapple|pineapple|c 0.06 0.25|produce|1.2|roll
banana|banana|k 0.018 0.2|produce|0.12|roll
pear|pear|s 0.035|produce|0.18|roll
avocado|avocado|s 0.035|produce|0.2|roll
potato|potato|s 0.035|produce|0.2|roll
onion|onion|s 0.035|produce|0.15|roll
carrot|carrot|n 0.015 0.18|produce|0.07|roll
cabbage|cabbage,lettuce|s 0.08|produce|1|roll
egg|egg,chicken egg|s 0.022|produce|0.058|roll
bread-loaf|loaf,loaf of bread,bread|b 0.25 0.11 0.12|produce|0.5|slide
cake|cake,birthday cake|c 0.1 0.08|produce|1|slide
pie|pie|c 0.11 0.04|produce|0.8|slide
donut|donut,doughnut|ring 0.04 0.017|produce|0.06|roll
bagel|bagel|ring 0.045 0.02|produce|0.1|roll
cookie|cookie,biscuit|c 0.035 0.01|produce|0.02|roll
pancake|pancake|c 0.07 0.008|produce|0.05|slide
cheese|cheese wheel,wheel of cheese|c 0.18 0.1|produce|10|roll
cheese-block|cheese,block of cheese|b 0.1 0.05 0.06|produce|0.3|slide
sugar-cube|sugar cube|b 0.016 0.016 0.016|produce|0.004|slide
ice-cube|ice cube|b 0.025 0.025 0.025|ice|-|slide
ice-block|ice block,block of ice|b 0.3 0.3 0.3|ice|-|slide
chocolate-bar|chocolate bar,candy bar|b 0.15 0.01 0.06|produce|0.1|slide
jelly|jelly,jello|c 0.06 0.06|produce|0.2|slide
peanut|peanut,nut,walnut,acorn|s 0.01|wood|0.003|roll
book|book,hardcover,novel,textbook|b 0.24 0.04 0.16|paper|0.8|slide
notebook|notebook,notepad,magazine|b 0.21 0.01 0.15|paper|0.25|slide
paper-sheet|sheet of paper,paper,piece of paper|b 0.297 0.0001 0.21|paper|0.005|slide
envelope|envelope,letter|b 0.22 0.002 0.11|paper|0.01|slide
pencil|pencil,crayon|c 0.0035 0.175|wood|0.006|roll
pen|pen,marker,ballpoint|c 0.005 0.14|plastic|0.012|roll
eraser|eraser,rubber eraser|b 0.05 0.01 0.02|rubber|0.01|slide
ruler|ruler|b 0.3 0.003 0.03|wood|0.02|slide
stapler|stapler|b 0.15 0.05 0.04|steel|0.3|slide
scissors|scissors,pair of scissors|b 0.2 0.01 0.08|steel|0.1|slide
phone|phone,smartphone,cell phone,mobile phone,iphone|b 0.147 0.0078 0.0715|glass|0.17|slide
tablet|tablet,ipad|b 0.25 0.007 0.175|glass|0.48|slide
laptop|laptop,notebook computer|b 0.31 0.018 0.22|aluminium|1.4|slide
remote|remote,remote control,tv remote|b 0.18 0.02 0.045|plastic|0.12|slide
keyboard|keyboard|b 0.44 0.03 0.14|plastic|0.6|slide
mouse-device|computer mouse|b 0.11 0.04 0.06|plastic|0.09|slide
television|television,tv,monitor|b 1 0.6 0.08|plastic|12|slide
speaker|speaker,loudspeaker|b 0.2 0.3 0.2|wood|4|slide
clock|clock,alarm clock|c 0.08 0.05|plastic|0.3|roll
watch|wristwatch|c 0.02 0.012|steel|0.1|slide
camera|camera|b 0.13 0.1 0.08|plastic|0.7|slide
battery|battery,aa battery|c 0.007 0.05|steel|0.023|roll
lightbulb|light bulb,lightbulb,bulb|s 0.03|glass|0.03|roll
candle|candle|c 0.025 0.15|wax|0.25|roll
key|key,keys|b 0.06 0.002 0.022|brass|0.01|slide
spoon|spoon,teaspoon,tablespoon|b 0.18 0.01 0.04|steel|0.04|slide
fork|fork|b 0.19 0.01 0.025|steel|0.045|slide
knife|knife,kitchen knife|b 0.25 0.015 0.03|steel|0.15|slide
chopstick|chopstick,chopsticks|c 0.004 0.24|wood|0.01|roll
rolling-pin|rolling pin|c 0.03 0.45|wood|0.6|roll
cutting-board|cutting board,chopping board|b 0.4 0.02 0.28|wood|1.2|slide
sponge|sponge|b 0.11 0.03 0.07|foam|0.01|slide
soap|soap,bar of soap|b 0.09 0.03 0.06|wax|0.12|slide
towel|towel,rag,napkin|b 0.5 0.01 0.3|cloth|0.4|slide
pillow|pillow,cushion|b 0.5 0.12 0.7|cloth|0.8|slide
blanket|blanket,duvet|b 1 0.05 0.7|cloth|2|slide
mattress|mattress|b 1.9 0.2 0.9|foam|15|slide
teddy-bear|teddy bear,stuffed animal,plush toy,soft toy|b 0.2 0.3 0.15|cloth|0.3|slide
doll|doll|named figurine|plastic|0.25|slide
action-figure|action figure,toy soldier|named figurine|plastic|0.05|slide
rubber-duck|rubber duck,rubber duckie,bath duck|s 0.04|rubber|0.03|roll
toy-car|toy car,matchbox car,hot wheels car|named toy-car|steel|0.03|roll
spinning-top|spinning top,dreidel|n 0.03 0.05|wood|0.03|slide
yo-yo|yo-yo,yo yo,yoyo|c 0.028 0.035|plastic|0.05|roll
kite|kite|b 0.8 0.01 0.6|cloth|0.2|slide
balloon-animal|balloon animal|k 0.03 0.3|rubber|0.01|roll
rubiks-cube|rubik's cube,rubiks cube,puzzle cube|b 0.057 0.057 0.057|plastic|0.1|slide
domino-large|giant domino,large domino|b 0.05 0.3 0.15|wood|-|slide
card|playing card,card,cards,deck of cards|b 0.089 0.0003 0.064|paper|0.0018|slide
card-deck|deck|b 0.089 0.018 0.064|paper|0.1|slide
tennis-can|tennis ball can|c 0.038 0.24|plastic|0.05|roll
chair|chair,dining chair,wooden chair|named chair|wood|6|slide
stool|stool,bar stool|named stool|wood|3|slide
armchair|armchair,sofa,couch|b 1.8 0.85 0.9|cloth|40|slide
bed|bed|b 2 0.5 1.5|wood|60|slide
desk-block|cabinet,cupboard,dresser,wardrobe|b 0.8 1.8 0.5|wood|50|slide
bookcase|bookcase|b 0.8 1.8 0.3|wood|30|slide
nightstand|nightstand,bedside table,side table|b 0.45 0.55 0.4|wood|10|slide
fridge|fridge,refrigerator|b 0.7 1.8 0.7|steel|70|slide
microwave|microwave,microwave oven|b 0.5 0.3 0.38|steel|14|slide
washing-machine|washing machine,washer,dryer|b 0.6 0.85 0.6|steel|70|slide
piano|piano|b 1.5 1.2 0.6|wood|230|slide
door|door|b 0.9 2 0.04|wood|25|slide
ladder|ladder|b 0.45 2.5 0.08|aluminium|8|slide
lamp|lamp,table lamp,desk lamp|named lamp|ceramic|1.5|slide
mirror|mirror|b 0.6 0.9 0.01|glass|6|slide
pane|glass pane,window pane,pane of glass,window|b 1 1 0.006|glass|-|slide
picture-frame|picture frame,frame,painting|b 0.3 0.4 0.02|wood|0.6|slide
rug|rug,mat,doormat,yoga mat|b 1.5 0.01 1|cloth|3|slide
hammer|hammer,mallet|named hammer|steel|0.6|slide
axe|axe,ax,hatchet|named axe|steel|1.5|slide
wrench|wrench,spanner|b 0.25 0.01 0.04|steel|0.3|slide
screwdriver|screwdriver|c 0.012 0.2|steel|0.1|roll
nail|nail,screw,bolt|c 0.002 0.06|steel|0.003|roll
nut-bolt|washer ring,hex nut|ring 0.006 0.002|steel|0.002|roll
saw|handsaw|b 0.6 0.005 0.12|steel|0.6|slide
drill|drill,power drill|b 0.25 0.25 0.08|plastic|1.8|slide
shovel|shovel,spade|b 1.2 0.05 0.2|steel|2|slide
broom|broom,mop|c 0.015 1.4|wood|0.7|roll
anvil|anvil|b 0.5 0.3 0.15|iron|50|slide
magnet|magnet,bar magnet|b 0.1 0.01 0.02|iron|0.1|slide
chain|chain|k 0.02 0.5|steel|1|slide
rope-coil|rope,coil of rope|c 0.15 0.1|cloth|2|roll
spring-toy|slinky|c 0.035 0.06|steel|0.2|roll
gear|gear,cog|c 0.05 0.01|steel|0.15|roll
sandbag|sandbag,sand bag,bean bag,beanbag|b 0.6 0.15 0.35|sand|15|slide
weight|iron weight|c 0.05 0.1|iron|-|slide
dumbbell|dumbbell,dumb bell|named dumbbell|iron|5|roll
umbrella|umbrella|named umbrella|cloth|0.5|slide
guitar|guitar|named guitar|wood|2.5|slide
trophy|trophy,cup trophy|named trophy|brass|1.5|slide
suitcase|suitcase,luggage,briefcase|b 0.55 0.4 0.23|plastic|4|slide
backpack|backpack,bag,rucksack,handbag|b 0.3 0.45 0.18|cloth|1.5|slide
shoe|shoe,sneaker,boot|b 0.28 0.11 0.1|leather|0.4|slide
hat|hat,cap|c 0.1 0.1|cloth|0.1|slide
helmet|helmet|s 0.13|plastic|1.3|roll
glove|glove,mitten,oven mitt|b 0.25 0.03 0.11|leather|0.1|slide
sock|sock|b 0.25 0.02 0.09|cloth|0.04|slide
shirt|shirt,t-shirt,jacket,sweater|b 0.5 0.02 0.4|cloth|0.2|slide
feather|feather|b 0.2 0.002 0.03|cloth|0.0005|slide
leaf|leaf,leaves|b 0.08 0.001 0.05|paper|0.002|slide
flower|flower,tulip|c 0.01 0.3|produce|0.02|slide
pinecone|pine cone,pinecone|n 0.03 0.09|wood|0.05|roll
shell|seashell,shell,conch|s 0.03|ceramic|0.05|roll
crystal|crystal,gem,diamond|b 0.03 0.03 0.03|glass|-|slide
gold-bar|gold bar,gold ingot,ingot|b 0.25 0.045 0.08|lead|12.4|slide
lead-ball|lead ball,lead shot|s 0.02|lead|-|roll
foam-block|foam block,foam cube,sponge block|b 0.2 0.2 0.2|foam|-|slide
styrofoam-block|styrofoam block,styrofoam cube,polystyrene block|b 0.2 0.2 0.2|styrofoam|-|slide
cork|cork,wine cork,bottle cork|c 0.012 0.044|cork|0.004|roll
clay-ball|clay ball,ball of clay,blob of clay|s 0.03|clay|-|roll
mushroom|mushroom|named mushroom|produce|0.03|slide
tree|tree,pine tree|named tree|wood|300|slide
snowman|snowman|named snowman|ice|60|slide
person|person,man,woman,human,adult,guy,lady,boy,girl,people,athlete,player,crash test dummy,dummy|named person|flesh|70|slide
child|child,kid|named child|flesh|25|slide
toddler|toddler,baby,infant|named toddler|flesh|10|slide
mannequin|mannequin|named mannequin|plastic|10|slide
robot|robot,android|named robot|aluminium|20|slide
dog|dog,hound|named dog|flesh|25|slide
puppy|puppy|named puppy|flesh|5|slide
cat|cat,kitten|named cat|flesh|4|slide
horse|horse,pony|named horse|flesh|500|slide
cow|cow,bull,ox|named cow|flesh|700|slide
sheep|sheep,goat,lamb|named sheep|flesh|70|slide
pig|pig,hog|named pig|flesh|100|slide
elephant|elephant|named elephant|flesh|5000|slide
rabbit|rabbit,bunny,hare|named rabbit|flesh|2|slide
bird|bird,sparrow,pigeon,parrot,crow|named bird|flesh|0.05|slide
chicken|chicken,hen,rooster|named chicken|flesh|2.5|slide
duck|duck,goose|named duck|flesh|1.2|slide
penguin|penguin|named penguin|flesh|20|slide
fish|fish,goldfish,salmon|k 0.04 0.3|flesh|0.5|slide
frog|frog,toad|s 0.035|flesh|0.1|roll
turtle|turtle,tortoise|c 0.15 0.1|flesh|5|slide
mouse|mouse,rat,hamster|k 0.025 0.1|flesh|0.03|slide
car|car,automobile,sedan|named car|steel|1500|slide
toy-truck|toy truck|named toy-car|plastic|0.2|roll
truck|truck,lorry|named truck|steel|8000|slide
bus|bus|named bus|steel|12000|slide
van|van,suv,pickup truck|named van|steel|2200|slide
cart|cart,shopping cart,wagon,trolley,wheelbarrow|named cart|steel|20|slide
go-kart|go-kart,go kart,kart,soapbox car|named go-kart|steel|80|slide
bicycle|bicycle,bike|named bicycle|aluminium|12|slide
motorcycle|motorcycle,motorbike,scooter|named bicycle|steel|180|slide
skateboard|skateboard|named skateboard|wood|3|slide
boat|boat,toy boat,canoe,kayak|b 3 0.4 0.8|plastic|30|slide
train-car|train car,train,tram|b 15 3.5 2.8|steel|30000|slide
plane|airplane,aeroplane,plane,jet|b 12 3 11|aluminium|5000|slide
paper-plane|paper airplane,paper plane|b 0.25 0.03 0.1|paper|0.005|slide
rocket|rocket,model rocket|c 0.02 0.4|plastic|0.1|roll
drone|drone,quadcopter|b 0.35 0.1 0.35|plastic|0.9|slide
satellite|satellite|b 1 1 1|aluminium|200|slide
asteroid|asteroid,meteor,meteorite|s 0.5|stone|-|roll
planet-model|globe,planet|s 0.15|plastic|0.5|roll
`;

/** Parses the table above into catalog rows (once, at module load). */
export function catalogRows(): CatalogRow[] {
  const rows: CatalogRow[] = [];
  for (const line of ROWS.split('\n')) {
    if (!line.trim()) continue;
    const [kind, phraseList, shapeText, material, mass, motion] = line.split('|') as [string, string, string, MaterialName, string, 'roll' | 'slide'];
    const phrases = phraseList.split(',').map((p) => p.trim());
    rows.push({
      kind, name: phrases[0]!, phrases, shape: parseShape(shapeText, kind), material,
      ...(mass === '-' ? {} : { massKg: Number(mass) }), motion,
    });
  }
  return rows;
}

function parseShape(text: string, kind: string): Shape {
  const [type, ...rest] = text.trim().split(/\s+/);
  const n = rest.map(Number);
  switch (type) {
    case 's': return { type: 'sphere', radiusM: n[0]! };
    case 'b': return { type: 'box', sizeM: [n[0]!, n[1]!, n[2]!] };
    case 'c': return { type: 'cylinder', radiusM: n[0]!, heightM: n[1]! };
    case 'k': return { type: 'capsule', radiusM: n[0]!, heightM: n[1]! };
    case 'n': return { type: 'cone', radiusM: n[0]!, heightM: n[1]! };
    case 'cup': return { type: 'cup', radiusM: n[0]!, heightM: n[1]!, wallM: n[2]!, ...(n[3] !== undefined ? { bottomRadiusM: n[3] } : {}), segments: 16 };
    case 'obox': return { type: 'open-box', sizeM: [n[0]!, n[1]!, n[2]!], wallM: n[3]! };
    case 'ring': return { type: 'ring', radiusM: n[0]!, tubeRadiusM: n[1]!, segments: 16 };
    case 'named': {
      const shape = NAMED[rest[0]!];
      if (!shape) throw new Error(`catalog row ${kind}: no named shape ${rest[0]}`);
      return shape;
    }
    default: throw new Error(`catalog row ${kind}: unknown shape "${text}"`);
  }
}
