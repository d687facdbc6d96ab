import { redirect } from 'next/navigation';

// The fleet overview takes this place once it exists; until then the inspector is the start page.
export default function Home() {
  redirect('/inspect');
}
