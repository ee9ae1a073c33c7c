/** A small realistic corpus for theme labels: three themes as a panel would read them (food bank, key worker, referral form). */
export const FOOD_BANK = [
  'The food bank on Mill Street gave us a parcel every week when the money ran out. I nearly did not go because I was ashamed.',
  'When my hours were cut, the food bank kept us going. The volunteers at the food bank never made me feel small.',
  'I got a voucher for the food bank from the school. It was really a lot of help: fresh vegetables as well as tins.',
  'The food bank started delivering parcels to people who could not get out, and that thing changed everything for my mum.',
  'At the food bank they also helped me with my electricity bill. I just went for a food parcel and came back with a plan.',
  'Going to the food bank for the first time was hard, but the volunteers sat with me and we had a cup of tea.',
];
export const KEY_WORKER = [
  'Having one key worker meant I did not have to tell my story again and again. My key worker knew my history.',
  'My key worker rang me every Monday. Before that I had five different people and nobody called back.',
  'The key worker came with me to the housing office and spoke up when I could not find the words.',
  'We now give every family one key worker, and the families say it is the first time someone really listened.',
  'Our key worker stayed the same for a whole year, so my son finally trusted someone from the service.',
  'Since I got a key worker I know who to phone when things go wrong. One key worker makes all the difference.',
];
export const REFERRAL_FORM = [
  'The old referral form was eleven pages long. The new referral form fits on one page and families can fill it in.',
  'We rewrote the referral form with parents, and referrals from the health visitors doubled in three months.',
  'I used to spend an hour on each referral form. Now the referral form is shared, so the GP and the school use the same one.',
  'The referral form asked the same questions three times. Once it was fixed the waiting list came down.',
  'Because the referral form is online now, the housing team can see a referral on the day it is made.',
  'A single referral form for all seven charities meant nobody fell through the gaps between services.',
];
